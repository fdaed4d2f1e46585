// The encoded clips the capacity benchmark replays, as ffmpeg packetized them
// (scripts/prepare-capacity-bench.mjs), and the messages between the bench and
// its two helper processes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLIP_NAMES = ['exam-video', 'voice', 'stethoscope'] as const;
export type ClipName = (typeof CLIP_NAMES)[number];

export interface Clip {
	name: ClipName;
	kind: 'audio' | 'video';
	clockRate: number;
	payloadType: number;
	/** The RTP packets as captured (12-byte header, no CSRC, no extension). */
	packets: Buffer[];
	/** When each packet is due, in seconds from the start of the clip (its RTP timestamp). */
	times: number[];
	/** Index of each packet's frame, for continuing VP8 picture ids across loops. */
	frames: number[];
	frameCount: number;
	/** Length of one loop, seconds: the last frame's time plus one frame. */
	duration: number;
}

interface ClipSpec {
	kind: 'audio' | 'video';
	clockRate: number;
	payloadType: number;
}

export function loadClips(dir: string): Record<ClipName, Clip> {
	const specs = JSON.parse(readFileSync(join(dir, 'clips.json'), 'utf8')) as Record<ClipName, ClipSpec>;
	const clips = {} as Record<ClipName, Clip>;
	for (const name of CLIP_NAMES) {
		const spec = specs[name];
		const raw = readFileSync(join(dir, `${name}.rtp`));
		const packets: Buffer[] = [];
		for (let o = 0; o < raw.length; ) {
			const length = raw.readUInt16BE(o);
			packets.push(raw.subarray(o + 2, o + 2 + length));
			o += 2 + length;
		}
		const ts0 = packets[0]!.readUInt32BE(4);
		const times: number[] = [];
		const frames: number[] = [];
		let frame = -1;
		let lastTs = -1;
		for (const p of packets) {
			const ts = p.readUInt32BE(4);
			if (ts !== lastTs) frame++;
			lastTs = ts;
			times.push(((ts - ts0) >>> 0) / spec.clockRate);
			frames.push(frame);
		}
		const frameTime = frame > 0 ? times.at(-1)! / frame : 0.02;
		clips[name] = { name, ...spec, packets, times, frames, frameCount: frame + 1, duration: times.at(-1)! + frameTime };
	}
	return clips;
}

/** One producer's stream the generator sends: a clip under its own SSRC. */
export interface StreamTarget {
	clip: ClipName;
	ssrc: number;
}

/** One sending transport: where its producers listen, and where in the clip this sender starts. */
export interface SendTarget {
	port: number;
	streams: StreamTarget[];
	/** Seconds into the clip, so senders do not send their key frames in step. */
	offset: number;
}

/** What the sink counts on one receiving socket: one stream per consumer, by SSRC. */
export interface SinkStream {
	socket: number;
	ssrc: number;
	kind: 'audio' | 'video';
	clip: ClipName;
}

export type GeneratorRequest = { type: 'start'; targets: SendTarget[] } | { type: 'stop' };
export type GeneratorReply = { type: 'started' } | { type: 'stopped'; sent: number; maxLateMs: number };

export type SinkRequest =
	| { type: 'open'; count: number }
	| { type: 'expect'; streams: SinkStream[] }
	| { type: 'mark' }
	| { type: 'report' }
	| { type: 'close' };

export interface StreamReport {
	/** Packets the sequence numbers say were sent in the window. */
	expected: number;
	received: number;
	/** Largest time between two packets of this stream in the window, ms. */
	maxGapMs: number;
}

export type SinkReply =
	| { type: 'opened'; ports: number[] }
	| { type: 'ok' }
	| { type: 'report'; streams: StreamReport[]; loopLagMs: number };
