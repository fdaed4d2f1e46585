import type { ClipMetadata } from '@consultdesk/protocol';
import { createSampleTap } from './sample-tap.js';
import { encodeClipWav } from './wav-clip.js';

/** What a recording is about; the recorder adds the id, times, rates and channels. */
export type ClipLabel = Pick<ClipMetadata, 'consultationId' | 'patientReference' | 'site' | 'source' | 'path'>;

/** A finished clip: the WAV file and its label. This is what the attachment outbox takes. */
export interface RecordedClip {
	blob: Blob;
	metadata: ClipMetadata;
}

/** Called with every clip a screen records; the lead connects this to the attachment outbox. */
export type OnClipRecorded = (clip: RecordedClip) => void;

/** Long enough for several breaths; a longer clip is stopped here. */
export const MAX_CLIP_MS = 60_000;
const FILE_RATE = 48_000;

/**
 * Records one clip from an audio track, sample for sample as Web Audio hands
 * it over: at the clinic, the raw stethoscope capture (not the Opus stream);
 * at the expert, the received track. The file is always 48 kHz (the context
 * resamples a device running at 8, 16 or 44.1 kHz); the device's own rate
 * goes into the label.
 */
export class ClipRecording {
	readonly startedAt: Date;
	readonly #context: AudioContext;
	readonly #tap: AudioWorkletNode;
	readonly #chunks: Float32Array[][];
	readonly #label: ClipLabel;
	readonly #deviceRate: number | null;
	readonly #channels: 1 | 2;
	readonly #stopped: Promise<void>;
	readonly #limit: ReturnType<typeof setTimeout>;
	#result: Promise<RecordedClip> | undefined;
	readonly #done: Promise<RecordedClip>;
	#settle!: (result: Promise<RecordedClip>) => void;

	private constructor(init: {
		context: AudioContext;
		tap: AudioWorkletNode;
		chunks: Float32Array[][];
		stopped: Promise<void>;
		label: ClipLabel;
		deviceRate: number | null;
		channels: 1 | 2;
		maxMs: number;
	}) {
		this.startedAt = new Date();
		this.#done = new Promise((resolve) => (this.#settle = resolve));
		this.#context = init.context;
		this.#tap = init.tap;
		this.#chunks = init.chunks;
		this.#stopped = init.stopped;
		this.#label = init.label;
		this.#deviceRate = init.deviceRate;
		this.#channels = init.channels;
		this.#limit = setTimeout(() => void this.stop(), init.maxMs);
	}

	static async start(track: MediaStreamTrack, label: ClipLabel, maxMs = MAX_CLIP_MS): Promise<ClipRecording> {
		const settings = track.getSettings();
		const channels: 1 | 2 = (settings.channelCount ?? 1) >= 2 ? 2 : 1;
		const context = new AudioContext({ sampleRate: FILE_RATE });
		await context.resume();
		const chunks: Float32Array[][] = [];
		let stoppedResolve!: () => void;
		const stopped = new Promise<void>((resolve) => (stoppedResolve = resolve));
		try {
			const tap = await createSampleTap(context, { channels, blockFrames: 4096 }, (message) => {
				if (message.blocks) chunks.push(message.blocks);
				if (message.stopped) stoppedResolve();
			});
			context.createMediaStreamSource(new MediaStream([track])).connect(tap);
			return new ClipRecording({ context, tap, chunks, stopped, label, deviceRate: settings.sampleRate ?? null, channels, maxMs });
		} catch (error) {
			await context.close();
			throw error;
		}
	}

	get elapsedMs(): number {
		return Date.now() - this.startedAt.getTime();
	}

	/** Stops (once; later calls get the same clip) and makes the WAV file. */
	stop(): Promise<RecordedClip> {
		if (!this.#result) {
			this.#result = this.#finish();
			this.#settle(this.#result);
		}
		return this.#result;
	}

	/** The clip, once stopped by stop() or by reaching the time limit. */
	get finished(): Promise<RecordedClip> {
		return this.#done;
	}

	async #finish(): Promise<RecordedClip> {
		clearTimeout(this.#limit);
		this.#tap.port.postMessage('stop');
		await this.#stopped;
		await this.#context.close();
		const frames = this.#chunks.reduce((n, blocks) => n + (blocks[0]?.length ?? 0), 0);
		const channels = Array.from({ length: this.#channels }, (_, c) => {
			const out = new Float32Array(frames);
			let at = 0;
			for (const blocks of this.#chunks) {
				const block = blocks[c] ?? blocks[0]!;
				out.set(block, at);
				at += block.length;
			}
			return out;
		});
		const metadata: ClipMetadata = {
			...this.#label,
			clipId: crypto.randomUUID(),
			startedAt: this.startedAt.toISOString(),
			durationMs: Math.round((frames / FILE_RATE) * 1000),
			sampleRate: FILE_RATE,
			deviceSampleRate: this.#deviceRate,
			channels: this.#channels,
		};
		const bytes = encodeClipWav(channels, metadata);
		return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), metadata };
	}
}

/** Records `durationMs` of a track: the one-call form of ClipRecording. */
export async function recordClip(track: MediaStreamTrack, label: ClipLabel, durationMs: number): Promise<RecordedClip> {
	const recording = await ClipRecording.start(track, label, Math.min(durationMs, MAX_CLIP_MS));
	await new Promise((resolve) => setTimeout(resolve, durationMs));
	return recording.stop();
}

/** The file name a downloaded clip gets: consultation, site and time, no patient name. */
export function clipFileName(metadata: ClipMetadata): string {
	const at = metadata.startedAt.replace(/[:.]/g, '-');
	return `stethoscope-${metadata.patientReference.replace(/[^\w-]/g, '_')}-${metadata.site ?? 'unmarked'}-${metadata.source}-${at}.wav`;
}
