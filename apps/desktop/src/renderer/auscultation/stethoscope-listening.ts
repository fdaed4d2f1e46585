import { SampleRing } from './ring-buffer.js';
import { createSampleTap } from './sample-tap.js';
import { chainResponseDb, clampGainDb, dbToGain, describeFilterChain, LIMITER, limiterMakeupDb, type ListeningMode } from './listening-filters.js';

/** The phonocardiogram shows this much. */
export const WAVEFORM_SECONDS = 5;
/** 11.7 Hz bins at 48 kHz: S1 and S2 are told apart below 100 Hz. */
export const SPECTRUM_FFT_SIZE = 4096;
const SAMPLE_RATE = 48_000;

/**
 * What the expert hears and sees of the stethoscope: the received track (or a
 * recorded clip) → the mode's band-pass (4th-order Butterworth high- and
 * low-pass, biquads) → gain up to +24 dB → a limiter at −1 dBFS → the
 * analyser (spectrogram), the sample tap (phonocardiogram) and the output
 * stream the listening <audio> element plays on the chosen output device.
 * Filters and gain change in place, without a click or a gap.
 */
export class StethoscopeListening {
	readonly context: AudioContext;
	readonly ring = new SampleRing(WAVEFORM_SECONDS * SAMPLE_RATE);
	readonly analyser: AnalyserNode;
	readonly #input: GainNode;
	readonly #stages: BiquadFilterNode[];
	readonly #gain: GainNode;
	readonly #destination: MediaStreamAudioDestinationNode;
	readonly #limiter: DynamicsCompressorNode;
	#tap: AudioWorkletNode | undefined;
	#mode: ListeningMode = 'wide';
	#gainDb = 0;
	#live: MediaStreamAudioSourceNode | undefined;
	#clip: AudioBufferSourceNode | undefined;
	#closed = false;

	/** Builds the graph once the phonocardiogram's worklet is loaded (or could not be: the rest works without it). */
	static async create(context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' })): Promise<StethoscopeListening> {
		const listening = new StethoscopeListening(context);
		await listening.#attachTap();
		return listening;
	}

	private constructor(context: AudioContext) {
		this.context = context;
		void context.resume();
		this.#input = context.createGain();
		this.#stages = describeFilterChain(this.#mode).map(() => context.createBiquadFilter());
		this.#gain = context.createGain();
		const limiter = context.createDynamicsCompressor();
		limiter.threshold.value = LIMITER.thresholdDb;
		limiter.knee.value = LIMITER.kneeDb;
		limiter.ratio.value = LIMITER.ratio;
		limiter.attack.value = LIMITER.attackSeconds;
		limiter.release.value = LIMITER.releaseSeconds;
		this.analyser = context.createAnalyser();
		this.analyser.fftSize = SPECTRUM_FFT_SIZE;
		this.analyser.smoothingTimeConstant = 0;
		this.analyser.minDecibels = -110;
		this.analyser.maxDecibels = -20;
		this.#destination = context.createMediaStreamDestination();
		let node: AudioNode = this.#input;
		for (const stage of this.#stages) node = node.connect(stage);
		node.connect(this.#gain).connect(limiter);
		limiter.connect(this.analyser);
		limiter.connect(this.#destination);
		this.#limiter = limiter;
		this.#apply();
	}

	async #attachTap(): Promise<void> {
		try {
			const tap = await createSampleTap(this.context, { channels: 1 }, ({ blocks }) => blocks?.[0] && this.ring.push(blocks[0]));
			if (this.#closed) return;
			this.#tap = tap;
			this.#limiter.connect(tap);
		} catch {
			// Without the worklet (not served) the expert still hears and sees the spectrogram.
		}
	}

	/** What the listening <audio> element plays. */
	get outputStream(): MediaStream {
		return this.#destination.stream;
	}

	get mode(): ListeningMode {
		return this.#mode;
	}

	get gainDb(): number {
		return this.#gainDb;
	}

	get playingClip(): boolean {
		return this.#clip !== undefined;
	}

	setMode(mode: ListeningMode): void {
		this.#mode = mode;
		this.#apply();
	}

	setGainDb(gainDb: number): void {
		this.#gainDb = clampGainDb(gainDb);
		this.#apply();
	}

	/** The chain's designed gain at a frequency, in dB (filters only; the gain adds on top). */
	designedResponseDb(frequency: number): number {
		return chainResponseDb(describeFilterChain(this.#mode), frequency, this.context.sampleRate);
	}

	/** The received stethoscope track; Chromium feeds it to Web Audio only while a media element plays it too. */
	setLiveTrack(track: MediaStreamTrack | undefined): void {
		this.#live?.disconnect();
		this.#live = track ? this.context.createMediaStreamSource(new MediaStream([track])) : undefined;
		if (this.#live && !this.#clip) this.#live.connect(this.#input);
	}

	/** Plays a recorded clip through the same filters and displays; live sound pauses meanwhile. */
	playClip(channels: readonly Float32Array[], sampleRate: number, onEnded: () => void): void {
		this.stopClip();
		const buffer = this.context.createBuffer(channels.length, channels[0]?.length ?? 1, sampleRate);
		channels.forEach((samples, c) => buffer.copyToChannel(new Float32Array(samples), c));
		const source = this.context.createBufferSource();
		source.buffer = buffer;
		source.connect(this.#input);
		this.#live?.disconnect();
		this.ring.clear();
		source.onended = () => {
			if (this.#clip !== source) return;
			this.stopClip();
			onEnded();
		};
		this.#clip = source;
		source.start();
	}

	stopClip(): void {
		const clip = this.#clip;
		if (!clip) return;
		this.#clip = undefined;
		clip.onended = null;
		try {
			clip.stop();
		} catch {
			// Already ended.
		}
		clip.disconnect();
		this.#live?.connect(this.#input);
	}

	/**
	 * The headphone check: a tone sweeping 50 → 1,000 Hz over `seconds`, at
	 * −20 dBFS, straight to the output (not through the filters), so the
	 * expert hears the low end their headphones must reproduce.
	 */
	playSweep(seconds = 3): Promise<void> {
		const osc = this.context.createOscillator();
		const level = this.context.createGain();
		const t = this.context.currentTime + 0.05;
		osc.frequency.setValueAtTime(50, t);
		osc.frequency.exponentialRampToValueAtTime(1000, t + seconds);
		level.gain.setValueAtTime(0, t);
		level.gain.linearRampToValueAtTime(0.1, t + 0.05);
		level.gain.setValueAtTime(0.1, t + seconds - 0.05);
		level.gain.linearRampToValueAtTime(0, t + seconds);
		osc.connect(level).connect(this.#destination);
		osc.start(t);
		osc.stop(t + seconds + 0.01);
		return new Promise((resolve) => {
			osc.onended = () => {
				level.disconnect();
				resolve();
			};
		});
	}

	close(): void {
		this.#closed = true;
		this.stopClip();
		this.#live?.disconnect();
		this.#tap?.port.close();
		void this.context.close();
	}

	#apply(): void {
		const now = this.context.currentTime;
		describeFilterChain(this.#mode).forEach((stage, i) => {
			const node = this.#stages[i]!;
			node.type = stage.type;
			node.frequency.setTargetAtTime(stage.frequency, now, 0.01);
			node.Q.setValueAtTime(stage.qDb, now);
		});
		// The limiter's own make-up gain is taken off: 0 dB here is the received level.
		this.#gain.gain.setTargetAtTime(dbToGain(this.#gainDb - limiterMakeupDb()), now, 0.01);
	}
}
