// Runs inside the stethoscope fidelity benchmark's Chromium pages, bundled by
// stethoscope-fidelity-bench.ts. The clinic page captures the fake input (the
// bench's sweep or heart-sound file) twice, as the clinic terminal does: once
// with the stethoscope's constraints (unprocessed: this is also the source
// the received levels are compared with) and once with the voice's (echo
// cancellation, noise suppression, AGC), and sends both through the app's own
// ConsultationClient. Both pages take the same snapshots of what they have.
import { captureConstraints } from '@consultdesk/media-settings/capture';
import { PROTOCOL_VERSION, ProtocolError } from '@consultdesk/protocol';
import { io } from 'socket.io-client';
import { ConsultationClient } from '../../../apps/desktop/src/renderer/consultation/consultation-client.js';
import type { SignalingSocket } from '../../../apps/desktop/src/renderer/session/signaling-connection.js';

/** One reading: when (performance clock, ms since the epoch), each tone's power (dB) and the broadband mean square (dB). */
export interface Snapshot {
	at: number;
	tones: number[];
	broadbandDb: number;
}

const FFT_SIZE = 16_384;

/** Takes a snapshot of a track every `everyMs`: tone powers summed over each tone's main lobe (±3 bins), and the block's mean square. */
function watch(track: MediaStreamTrack, freqs: number[], into: Snapshot[], everyMs = 100): () => void {
	const ctx = new AudioContext({ sampleRate: 48_000 });
	void ctx.resume();
	const analyser = ctx.createAnalyser();
	analyser.fftSize = FFT_SIZE;
	analyser.smoothingTimeConstant = 0;
	ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
	const bins = new Float32Array(analyser.frequencyBinCount);
	// The last 100 ms only: consecutive snapshots then cover the signal once.
	const block = new Float32Array(FFT_SIZE);
	const recent = Math.round((everyMs / 1000) * ctx.sampleRate);
	const binHz = ctx.sampleRate / FFT_SIZE;
	const timer = setInterval(() => {
		analyser.getFloatFrequencyData(bins);
		analyser.getFloatTimeDomainData(block);
		let sum = 0;
		for (let i = FFT_SIZE - recent; i < FFT_SIZE; i++) sum += block[i]! * block[i]!;
		const tones = freqs.map((f) => {
			const centre = Math.round(f / binHz);
			let power = 0;
			for (let b = centre - 3; b <= centre + 3; b++) power += 10 ** ((bins[b] ?? -200) / 10);
			return 10 * Math.log10(power);
		});
		into.push({ at: performance.timeOrigin + performance.now(), tones, broadbandDb: 10 * Math.log10(sum / recent + 1e-20) });
	}, everyMs);
	return () => {
		clearInterval(timer);
		void ctx.close();
	};
}

async function connect(serverUrl: string, accessToken: string): Promise<SignalingSocket> {
	const socket: SignalingSocket = io(serverUrl, { transports: ['websocket'], reconnection: false, auth: { token: accessToken, protocolVersion: PROTOCOL_VERSION } });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', (error: Error) => reject(new ProtocolError('UNREACHABLE', error.message)));
	});
	state.socket = socket;
	return socket;
}

const state = {
	snapshots: { source: [] as Snapshot[], stethoscope: [] as Snapshot[], voice: [] as Snapshot[] },
	stops: [] as (() => void)[],
	tracks: [] as MediaStreamTrack[],
	client: undefined as ConsultationClient | undefined,
	socket: undefined as SignalingSocket | undefined,
};

async function capture(source: 'stethoscope' | 'voice'): Promise<MediaStreamTrack> {
	const stream = await navigator.mediaDevices.getUserMedia(captureConstraints(source));
	const track = stream.getAudioTracks()[0]!;
	state.tracks.push(track);
	return track;
}

const bench = {
	async startClinic(serverUrl: string, accessToken: string, consultationId: string, freqs: number[]) {
		const stethoscope = await capture('stethoscope');
		const voice = await capture('voice');
		state.client = await ConsultationClient.join({ socket: await connect(serverUrl, accessToken), consultationId });
		await state.client.send('stethoscope', stethoscope);
		await state.client.send('voice', voice);
		state.stops.push(watch(stethoscope, freqs, state.snapshots.source));
		return { deviceSampleRate: stethoscope.getSettings().sampleRate ?? null };
	},
	async startExpert(serverUrl: string, accessToken: string, consultationId: string, freqs: number[]) {
		const client = await ConsultationClient.join({ socket: await connect(serverUrl, accessToken), consultationId });
		state.client = client;
		const watched = new Set<string>();
		const attach = () => {
			for (const t of client.remoteTracks) {
				if (watched.has(t.consumerId) || (t.source !== 'stethoscope' && t.source !== 'voice')) continue;
				watched.add(t.consumerId);
				// Chromium feeds a remote track to Web Audio only while a media element plays it.
				const element = document.createElement('audio');
				element.srcObject = new MediaStream([t.track]);
				element.muted = true;
				element.autoplay = true;
				document.body.append(element);
				void element.play();
				state.stops.push(watch(t.track, freqs, state.snapshots[t.source]));
			}
		};
		client.on('tracks', attach);
		attach();
	},
	/** Takes and clears the snapshots so far. */
	drain() {
		return {
			source: state.snapshots.source.splice(0),
			stethoscope: state.snapshots.stethoscope.splice(0),
			voice: state.snapshots.voice.splice(0),
		};
	},
	async close() {
		for (const stop of state.stops.splice(0)) stop();
		await state.client?.close();
		for (const track of state.tracks.splice(0)) track.stop();
		state.socket?.disconnect();
	},
};
(window as unknown as { bench: typeof bench }).bench = bench;
