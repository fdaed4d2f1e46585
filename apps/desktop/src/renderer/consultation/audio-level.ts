import { isClipping } from '../auscultation/clip-detection.js';

/** RMS level in dBFS of a block of samples, floored at -100 for silence. */
export function rmsDbfs(samples: Float32Array): number {
	let sum = 0;
	for (const s of samples) sum += s * s;
	const rms = Math.sqrt(sum / Math.max(1, samples.length));
	return rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
}

let sharedContext: AudioContext | undefined;

/** The largest absolute sample of a block: 1.0 is full scale, where the input clips. */
export function peakOf(samples: Float32Array): number {
	let peak = 0;
	for (const s of samples) peak = Math.max(peak, Math.abs(s));
	return peak;
}

/**
 * Reports the level of an audio track ten times a second, with the block's
 * peak and whether it clipped (several samples in a row at full scale). Chromium only feeds
 * a remote track to WebAudio while the track also plays in a media element;
 * the consoles always attach one.
 */
export class AudioLevelMeter {
	readonly #source: MediaStreamAudioSourceNode;
	readonly #timer: ReturnType<typeof setInterval>;

	constructor(track: MediaStreamTrack, onLevel: (dbfs: number, peak: number, clipped: boolean) => void, intervalMs = 100) {
		sharedContext ??= new AudioContext();
		const context = sharedContext;
		void context.resume();
		const analyser = context.createAnalyser();
		// 85 ms of each 100 ms at 48 kHz: a clipped stretch is rarely missed between reads.
		analyser.fftSize = 4096;
		this.#source = context.createMediaStreamSource(new MediaStream([track]));
		this.#source.connect(analyser);
		const block = new Float32Array(analyser.fftSize);
		this.#timer = setInterval(() => {
			analyser.getFloatTimeDomainData(block);
			onLevel(rmsDbfs(block), peakOf(block), isClipping(block));
		}, intervalMs);
	}

	close(): void {
		clearInterval(this.#timer);
		this.#source.disconnect();
	}
}
