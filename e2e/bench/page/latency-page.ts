// Runs inside the benchmark's Chromium pages, bundled by latency-bench.ts. It
// drives the app's own ConsultationClient, so the SFU path measured is the one
// the clinic terminal and expert console use. The bench signs the two demo
// accounts in and creates the consultation itself; each page gets the server
// URL, its account's access token and the consultation's id.
import { PROTOCOL_VERSION, ProtocolError } from '@consultdesk/protocol';
import { io } from 'socket.io-client';
import { ConsultationClient } from '../../../apps/desktop/src/renderer/consultation/consultation-client.js';
import type { SignalingSocket } from '../../../apps/desktop/src/renderer/session/signaling-connection.js';
import { drawnStamps, readStamps, stampedVideo, wallClockNow } from './frame-stamps.js';

const now = wallClockNow;

/** Sender: 30 ms bursts of 1 kHz every 500 ms, and when each was scheduled to sound. */
async function burstTrack() {
	const ctx = new AudioContext({ sampleRate: 48_000 });
	await ctx.resume();
	const osc = ctx.createOscillator();
	osc.frequency.value = 1000;
	const gate = ctx.createGain();
	gate.gain.value = 0;
	const out = ctx.createMediaStreamDestination();
	osc.connect(gate).connect(out);
	osc.start();
	const scheduledAt: number[] = [];
	const schedule = (count: number) => {
		const stamp = ctx.getOutputTimestamp();
		const start = ctx.currentTime + 0.2;
		for (let i = 0; i < count; i++) {
			const t = start + i * 0.5;
			gate.gain.setValueAtTime(0.5, t);
			gate.gain.setValueAtTime(0, t + 0.03);
			scheduledAt.push(performance.timeOrigin + (stamp.performanceTime ?? 0) + (t - (stamp.contextTime ?? 0)) * 1000);
		}
	};
	return { track: out.stream.getAudioTracks()[0]!, schedule, scheduledAt };
}

const ONSET_WORKLET = `
class Onset extends AudioWorkletProcessor {
  constructor() { super(); this.quiet = 0; }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (!ch) return true;
    for (let i = 0; i < ch.length; i++) {
      if (Math.abs(ch[i]) > 0.1) {
        if (this.quiet > 4800) this.port.postMessage(currentTime + i / sampleRate);
        this.quiet = 0;
      } else this.quiet++;
    }
    return true;
  }
}
registerProcessor('onset', Onset);`;

/** Receiver: when each burst's onset reached WebAudio, on the performance clock. */
async function watchOnsets(stream: MediaStream, onsets: number[]) {
	const ctx = new AudioContext({ sampleRate: 48_000 });
	await ctx.resume();
	await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([ONSET_WORKLET], { type: 'text/javascript' })));
	const node = new AudioWorkletNode(ctx, 'onset');
	node.port.onmessage = (e: MessageEvent<number>) => {
		// Map the context time of the onset onto the performance clock at the moment the message arrives.
		onsets.push(now() - (ctx.currentTime - e.data) * 1000);
	};
	ctx.createMediaStreamSource(stream).connect(node);
}

function mediaElement<K extends 'video' | 'audio'>(tag: K, track: MediaStreamTrack): HTMLElementTagNameMap[K] {
	const el = document.createElement(tag);
	el.srcObject = new MediaStream([track]);
	el.muted = true;
	el.autoplay = true;
	document.body.append(el);
	void el.play();
	return el;
}

const state = {
	sfuVideo: [] as [number, number][],
	directVideo: [] as [number, number][],
	onsets: [] as number[],
	sender: undefined as undefined | { video: ReturnType<typeof stampedVideo>; audio: Awaited<ReturnType<typeof burstTrack>> },
	pc: undefined as RTCPeerConnection | undefined,
	client: undefined as ConsultationClient | undefined,
	socket: undefined as SignalingSocket | undefined,
};

/** The authenticated signalling socket the app would have after sign-in. */
async function connect(serverUrl: string, accessToken: string): Promise<SignalingSocket> {
	const socket: SignalingSocket = io(serverUrl, {
		transports: ['websocket'],
		reconnection: false,
		auth: { token: accessToken, protocolVersion: PROTOCOL_VERSION },
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
			reject(new ProtocolError('UNREACHABLE', `cannot connect to ${serverUrl}: ${error.data?.code ?? error.message}`));
		});
	});
	state.socket = socket;
	return socket;
}

async function gathered(pc: RTCPeerConnection): Promise<RTCSessionDescriptionInit> {
	if (pc.iceGatheringState !== 'complete') {
		await new Promise<void>((resolve) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve()));
	}
	return pc.localDescription!.toJSON();
}

const bench = {
	/** The clinic side: joins with a clinic doctor's token (the seat comes from the account). */
	async startSender(serverUrl: string, accessToken: string, consultationId: string) {
		const video = stampedVideo(512, 128);
		const audio = await burstTrack();
		state.sender = { video, audio };
		state.client = await ConsultationClient.join({ socket: await connect(serverUrl, accessToken), consultationId });
		await state.client.send('exam-video', video.track);
		await state.client.send('stethoscope', audio.track);
	},
	/** The expert side: joins with the token of the expert who accepted the consultation. */
	async startReceiver(serverUrl: string, accessToken: string, consultationId: string) {
		const client = await ConsultationClient.join({ socket: await connect(serverUrl, accessToken), consultationId });
		state.client = client;
		const attach = () => {
			for (const t of client.remoteTracks) {
				if (document.querySelector(`[data-source="${t.source}"]`)) continue;
				const el = mediaElement(t.source === 'exam-video' ? 'video' : 'audio', t.track);
				el.dataset.source = t.source;
				if (t.source === 'exam-video') readStamps(el as HTMLVideoElement, (value, at) => state.sfuVideo.push([value, at]));
				else void watchOnsets(el.srcObject as MediaStream, state.onsets);
			}
		};
		client.on('tracks', attach);
		attach();
	},
	scheduleBursts(count: number) {
		state.sender!.audio.schedule(count);
	},
	/** Direct path: the sender offers the same canvas track over a plain RTCPeerConnection. */
	async directOffer() {
		const pc = new RTCPeerConnection();
		state.pc = pc;
		pc.addTrack(state.sender!.video.track.clone());
		await pc.setLocalDescription(await pc.createOffer());
		return gathered(pc);
	},
	async directAnswer(offer: RTCSessionDescriptionInit) {
		const pc = new RTCPeerConnection();
		state.pc = pc;
		pc.ontrack = (e) => readStamps(mediaElement('video', e.track), (value, at) => state.directVideo.push([value, at]));
		await pc.setRemoteDescription(offer);
		await pc.setLocalDescription(await pc.createAnswer());
		return gathered(pc);
	},
	async directAccept(answer: RTCSessionDescriptionInit) {
		await state.pc!.setRemoteDescription(answer);
	},
	directClose() {
		state.pc?.close();
		state.pc = undefined;
	},
	/** Takes and clears what was recorded since the last call. */
	drain() {
		const out = {
			// Kept, not cleared: frames presented after a drain still need their draw time.
			drawnAt: drawnStamps(),
			scheduledAt: state.sender ? state.sender.audio.scheduledAt.splice(0) : [],
			sfuVideo: state.sfuVideo.splice(0),
			directVideo: state.directVideo.splice(0),
			onsets: state.onsets.splice(0),
		};
		return out;
	},
	async close() {
		bench.directClose();
		await state.client?.close();
		// The client leaves the shared socket open, as the app needs it; the bench does not.
		state.socket?.disconnect();
	},
};
(window as unknown as { bench: typeof bench }).bench = bench;
