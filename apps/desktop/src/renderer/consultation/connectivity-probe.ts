import { ProtocolError, sendRequest, type ClientToServerEvents, type ResponseData, type ServerToClientEvents } from '@consultdesk/protocol';
import { Device } from 'mediasoup-client';
import type { types as ms } from 'mediasoup-client';
import type { Socket } from 'socket.io-client';
import type { MediaPathResult } from './connectivity-verdict.js';

type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECT_TIMEOUT_MS = 8000;

/** A moving test picture: an encoder sends little for a still one, and the point is to fill the upload. */
function testPattern(): { track: MediaStreamTrack; stop: () => void } {
	const canvas = document.createElement('canvas');
	canvas.width = 1280;
	canvas.height = 720;
	const context = canvas.getContext('2d')!;
	let frame = 0;
	const timer = setInterval(() => {
		frame++;
		for (let i = 0; i < 40; i++) {
			context.fillStyle = `hsl(${(frame * 7 + i * 37) % 360} 70% 50%)`;
			context.fillRect(((frame * 13 + i * 97) % 1280) - 60, ((frame * 7 + i * 53) % 720) - 60, 120, 120);
		}
	}, 33);
	const [track] = canvas.captureStream(30).getVideoTracks();
	return {
		track: track!,
		stop: () => {
			clearInterval(timer);
			track?.stop();
		},
	};
}

/**
 * The check screen's media test: a test video stream to the SFU on a
 * transport of its own, over UDP as WebRTC prefers or TCP only, measured for
 * a few seconds. Resolves with the path, round trip, upload and loss; rejects
 * with a ProtocolError when the path does not connect at all.
 */
export async function probeMediaPath(socket: SignalingSocket, options: { tcpOnly: boolean; seconds: number; onProgress?: (fraction: number) => void }): Promise<MediaPathResult> {
	const started = await sendRequest(socket, 'check:start', { tcpOnly: options.tcpOnly });
	const device = await Device.factory();
	await device.load({ routerRtpCapabilities: started.routerRtpCapabilities as ms.RtpCapabilities });
	const transport = device.createSendTransport({
		id: started.transportId,
		iceParameters: started.iceParameters,
		iceCandidates: started.iceCandidates as ms.IceCandidate[],
		dtlsParameters: started.dtlsParameters as ms.DtlsParameters,
	});
	transport.on('connect', ({ dtlsParameters }, callback, errback) => {
		sendRequest(socket, 'check:connect', { transportId: transport.id, dtlsParameters: dtlsParameters as ResponseData<'check:start'>['dtlsParameters'] }).then(callback, errback);
	});
	transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
		sendRequest(socket, 'check:produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as ResponseData<'consumer:create'>['rtpParameters'] }).then(
			({ producerId }) => callback({ id: producerId }),
			errback,
		);
	});
	const pattern = testPattern();
	try {
		const connected = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new ProtocolError('UNREACHABLE', `no media path ${options.tcpOnly ? 'over TCP' : 'over UDP or TCP'} within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
			transport.on('connectionstatechange', (state) => {
				if (state !== 'connected' && state !== 'failed') return;
				clearTimeout(timer);
				if (state === 'connected') resolve();
				else reject(new ProtocolError('UNREACHABLE', 'the media path failed'));
			});
		});
		await transport.produce({ track: pattern.track, encodings: [{ maxBitrate: 2_500_000 }], stopTracks: false });
		await connected;
		const samples: { rtt: number; available: number; path: 'udp' | 'tcp' }[] = [];
		for (let second = 1; second <= options.seconds; second++) {
			await new Promise((r) => setTimeout(r, 1000));
			options.onProgress?.(second / options.seconds);
			const stats = await transport.getStats();
			const reports = [...stats.values()] as Record<string, unknown>[];
			const pair = reports.find((r) => r.type === 'candidate-pair' && (r.nominated || r.selected) && r.state === 'succeeded');
			const local = reports.find((r) => r.type === 'local-candidate' && r.id === pair?.localCandidateId);
			if (pair) samples.push({ rtt: Number(pair.currentRoundTripTime ?? 0) * 1000, available: Number(pair.availableOutgoingBitrate ?? 0), path: local?.protocol === 'tcp' ? 'tcp' : 'udp' });
		}
		const received = await sendRequest(socket, 'check:stats', {});
		const last = samples.at(-1);
		if (!last) throw new ProtocolError('UNREACHABLE', 'the media path carried nothing');
		const rtts = samples.map((s) => s.rtt).filter((v) => v > 0).sort((a, b) => a - b);
		// The sender's bandwidth estimate ramps up; what the SFU received is what the path carried.
		const uploadBps = last.available > 0 ? Math.min(last.available, received.receivedBitrate || last.available) : received.receivedBitrate;
		return { path: last.path, roundTripMs: Math.round(rtts[Math.floor(rtts.length / 2)] ?? 0), uploadKbps: Math.round(uploadBps / 1000), lossPercent: Math.round(received.fractionLost * 1000) / 10 };
	} finally {
		pattern.stop();
		transport.close();
		await sendRequest(socket, 'check:end', {}).catch(() => undefined);
	}
}

/** UDP first, as a consultation would; if that path does not connect, TCP only, to see what a firewall leaves. */
export async function probeWithFallback(socket: SignalingSocket, onProgress?: (fraction: number) => void): Promise<MediaPathResult & { udpBlocked: boolean }> {
	try {
		return { ...(await probeMediaPath(socket, { tcpOnly: false, seconds: 5, ...(onProgress ? { onProgress } : {}) })), udpBlocked: false };
	} catch (error) {
		if (!(error instanceof ProtocolError) || error.code !== 'UNREACHABLE') throw error;
		return { ...(await probeMediaPath(socket, { tcpOnly: true, seconds: 5, ...(onProgress ? { onProgress } : {}) })), udpBlocked: true };
	}
}
