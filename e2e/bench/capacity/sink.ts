// Capacity bench helper process: one UDP socket per receiving PlainTransport,
// counting every consumer's packets by SSRC. The RTP header stays in the clear
// under SRTP, so nothing is decrypted: loss is what the sequence numbers say
// is missing. Started by capacity-bench.ts with fork().
import dgram from 'node:dgram';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SinkReply, SinkRequest, SinkStream, StreamReport } from './clips.js';

interface StreamState {
	audio: boolean;
	/** Highest extended sequence number seen; -1 before the first packet. */
	highest: number;
	/** `highest` when the window opened; undefined while it has not (or the stream had not started). */
	highestAtMark: number | undefined;
	received: number;
	lastArrival: number;
	maxGapMs: number;
}

let sockets: dgram.Socket[] = [];
/** Per socket: SSRC → stream. */
let bySsrc: Map<number, StreamState>[] = [];
let states: StreamState[] = [];
let marked = false;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

function onPacket(table: Map<number, StreamState>, packet: Buffer): void {
	if (packet.length < 12) return;
	// RTCP (sender reports) shares the socket: payload types 200–206 with the marker bit.
	const pt = packet[1]! & 0x7f;
	if (pt >= 72 && pt <= 78) return;
	const state = table.get(packet.readUInt32BE(8));
	if (!state) return;
	const now = performance.now();
	const seq = packet.readUInt16BE(2);
	let ext: number;
	if (state.highest < 0) {
		ext = seq;
		state.highest = seq;
	} else {
		const delta = ((seq - (state.highest & 0xffff) + 0x8000) & 0xffff) - 0x8000;
		ext = state.highest + delta;
		if (delta > 0) state.highest = ext;
	}
	if (!marked) {
		state.lastArrival = now;
		return;
	}
	if (state.highestAtMark === undefined) state.highestAtMark = ext - 1;
	if (ext > state.highestAtMark) state.received++;
	if (state.audio && state.lastArrival > 0) state.maxGapMs = Math.max(state.maxGapMs, now - state.lastArrival);
	state.lastArrival = now;
}

async function open(count: number): Promise<number[]> {
	close();
	const opened = await Promise.all(
		Array.from({ length: count }, async (_, i) => {
			const socket = dgram.createSocket('udp4');
			await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
			// Large enough that the sink is never where packets are lost (its drops are reported apart).
			socket.setRecvBufferSize(1024 * 1024);
			const table = new Map<number, StreamState>();
			socket.on('message', (packet) => onPacket(table, packet));
			bySsrc[i] = table;
			return socket;
		}),
	);
	sockets = opened;
	return sockets.map((s) => s.address().port);
}

function expect(streams: SinkStream[]): void {
	states = streams.map((s) => {
		const state: StreamState = { audio: s.kind === 'audio', highest: -1, highestAtMark: undefined, received: 0, lastArrival: 0, maxGapMs: 0 };
		bySsrc[s.socket]!.set(s.ssrc, state);
		return state;
	});
}

function mark(): void {
	const now = performance.now();
	for (const s of states) {
		s.highestAtMark = s.highest >= 0 ? s.highest : undefined;
		s.received = 0;
		s.maxGapMs = 0;
		// A stream that stalls right after the mark shows as a gap from here.
		s.lastArrival = s.highest >= 0 ? now : 0;
	}
	marked = true;
	loopDelay.reset();
}

function report(): { streams: StreamReport[]; loopLagMs: number } {
	const now = performance.now();
	const streams = states.map((s) => ({
		expected: s.highestAtMark === undefined ? 0 : s.highest - s.highestAtMark,
		received: s.received,
		// A stream silent since its last packet counts that silence too.
		maxGapMs: Math.round((s.audio && s.lastArrival > 0 ? Math.max(s.maxGapMs, now - s.lastArrival) : s.maxGapMs) * 10) / 10,
	}));
	return { streams, loopLagMs: Math.round((loopDelay.max / 1e6) * 10) / 10 };
}

function close(): void {
	for (const s of sockets) s.close();
	sockets = [];
	bySsrc = [];
	states = [];
	marked = false;
}

const reply = (message: SinkReply) => process.send!(message);

process.on('message', (message: SinkRequest) => {
	switch (message.type) {
		case 'open':
			void open(message.count).then((ports) => reply({ type: 'opened', ports }));
			return;
		case 'expect':
			expect(message.streams);
			break;
		case 'mark':
			mark();
			break;
		case 'report':
			reply({ type: 'report', ...report() });
			return;
		case 'close':
			close();
			break;
	}
	reply({ type: 'ok' });
});
process.on('disconnect', close);
