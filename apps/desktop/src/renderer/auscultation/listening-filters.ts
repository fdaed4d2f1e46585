/*
 * The listening filters of the expert's stethoscope view, as data: which
 * biquad stages make each mode, and what that chain does to each frequency.
 * The Web Audio graph (stethoscope-listening.ts) is built from this
 * description, and the tests and the e2e check read the designed response
 * from the same place.
 */

/** Bell: low heart sounds and murmurs; diaphragm: higher-pitched sounds, lungs; wide: everything a stethoscope carries. */
export const LISTENING_MODES = {
	bell: { highPassHz: 20, lowPassHz: 200 },
	diaphragm: { highPassHz: 100, lowPassHz: 1000 },
	wide: { highPassHz: 20, lowPassHz: 2000 },
} as const;
export type ListeningMode = keyof typeof LISTENING_MODES;
export const LISTENING_MODE_NAMES = Object.keys(LISTENING_MODES) as ListeningMode[];

/** Each edge is a 4th-order Butterworth filter: two 2nd-order sections, 24 dB per octave. */
export const FILTER_ORDER = 4;

export interface BiquadStage {
	type: 'highpass' | 'lowpass';
	frequency: number;
	/** Quality factor as filter design uses it. */
	q: number;
	/** The same Q as BiquadFilterNode takes it for low- and high-pass filters: in dB (Web Audio spec). */
	qDb: number;
}

/** The Q of each 2nd-order section of an order-n Butterworth filter: 1 / (2 cos(π(2k−1)/(2n))). */
export function butterworthQs(order: number): number[] {
	if (order < 2 || order % 2 !== 0) throw new RangeError('an even Butterworth order of at least 2');
	return Array.from({ length: order / 2 }, (_, i) => 1 / (2 * Math.cos((Math.PI * (2 * i + 1)) / (2 * order))));
}

/** The biquad stages of a mode, high-pass sections first. */
export function describeFilterChain(mode: ListeningMode, order = FILTER_ORDER): BiquadStage[] {
	const { highPassHz, lowPassHz } = LISTENING_MODES[mode];
	const qs = butterworthQs(order);
	const stage = (type: BiquadStage['type'], frequency: number) => qs.map((q) => ({ type, frequency, q, qDb: 20 * Math.log10(q) }));
	return [...stage('highpass', highPassHz), ...stage('lowpass', lowPassHz)];
}

/** Normalised coefficients [b0, b1, b2, a1, a2] exactly as the Web Audio spec computes them for a BiquadFilterNode. */
export function biquadCoefficients(stage: BiquadStage, sampleRate: number): [number, number, number, number, number] {
	const w0 = (2 * Math.PI * stage.frequency) / sampleRate;
	const cos = Math.cos(w0);
	const alpha = Math.sin(w0) / (2 * 10 ** (stage.qDb / 20));
	const a0 = 1 + alpha;
	const [b0, b1] = stage.type === 'lowpass' ? [(1 - cos) / 2, 1 - cos] : [(1 + cos) / 2, -(1 + cos)];
	return [b0 / a0, b1 / a0, b0 / a0, (-2 * cos) / a0, (1 - alpha) / a0];
}

/** The chain's gain at one frequency, in dB. */
export function chainResponseDb(stages: readonly BiquadStage[], frequency: number, sampleRate = 48_000): number {
	const w = (2 * Math.PI * frequency) / sampleRate;
	let magnitude = 1;
	for (const stage of stages) {
		const [b0, b1, b2, a1, a2] = biquadCoefficients(stage, sampleRate);
		// H(e^{jw}) = (b0 + b1 e^{-jw} + b2 e^{-2jw}) / (1 + a1 e^{-jw} + a2 e^{-2jw})
		const numRe = b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w);
		const numIm = -(b1 * Math.sin(w) + b2 * Math.sin(2 * w));
		const denRe = 1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w);
		const denIm = -(a1 * Math.sin(w) + a2 * Math.sin(2 * w));
		magnitude *= Math.hypot(numRe, numIm) / Math.hypot(denRe, denIm);
	}
	return 20 * Math.log10(magnitude);
}

/** The gain the expert may add: quiet heart sounds need up to +24 dB. */
export const MAX_GAIN_DB = 24;

export function clampGainDb(gainDb: number): number {
	return Number.isFinite(gainDb) ? Math.min(MAX_GAIN_DB, Math.max(0, gainDb)) : 0;
}

/**
 * A DynamicsCompressorNode set up as a limiter: nothing below −1 dBFS is
 * touched, a sudden knock on the chest piece after +24 dB of gain cannot
 * reach the expert's ears above it.
 */
export const LIMITER = { thresholdDb: -1, kneeDb: 0, ratio: 20, attackSeconds: 0.001, releaseSeconds: 0.1 } as const;

/**
 * The Web Audio compressor adds a make-up gain of (1 / gain at full scale)^0.6
 * (spec, "makeup gain"); the listening chain takes it off again so that 0 dB
 * of gain really is the level received.
 */
export function limiterMakeupDb(limiter: typeof LIMITER = LIMITER): number {
	const fullScaleOutDb = limiter.thresholdDb + (0 - limiter.thresholdDb) / limiter.ratio;
	return -0.6 * fullScaleOutDb;
}

export const dbToGain = (db: number): number => 10 ** (db / 20);
