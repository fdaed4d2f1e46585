/*
 * The spectrogram's colour scale: a dB level to an RGB colour on a
 * perceptually ordered ramp (dark blue → teal → yellow, like viridis), so a
 * louder murmur looks brighter to every eye, colour-blind ones included.
 */

/** Anchor colours of the ramp, evenly spaced from quietest to loudest. */
const RAMP: readonly (readonly [number, number, number])[] = [
	[68, 1, 84],
	[59, 82, 139],
	[33, 145, 140],
	[94, 201, 98],
	[253, 231, 37],
];

/** The ramp's colour at t ∈ [0, 1] (clamped), linearly between anchors. */
export function rampColour(t: number): [number, number, number] {
	const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
	const i = Math.min(RAMP.length - 2, Math.floor(x));
	const f = x - i;
	const [a, b] = [RAMP[i]!, RAMP[i + 1]!];
	return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}

/** A level in dB to a colour: `floorDb` and below is darkest, `ceilingDb` and above brightest. */
export function levelColour(db: number, floorDb = -100, ceilingDb = -20): [number, number, number] {
	return rampColour((db - floorDb) / (ceilingDb - floorDb));
}

/** A 256-entry lookup table for byte spectra (AnalyserNode.getByteFrequencyData), RGBA packed for ImageData. */
export function byteColourTable(): Uint8ClampedArray {
	const table = new Uint8ClampedArray(256 * 4);
	for (let v = 0; v < 256; v++) {
		const [r, g, b] = rampColour(v / 255);
		table.set([r, g, b, 255], v * 4);
	}
	return table;
}

/** Which spectrum bins one row of a canvas `rows` tall covers, for 0…maxHz with the lowest frequency at the bottom. */
export function rowBins(rows: number, maxHz: number, sampleRate: number, fftSize: number): Int32Array {
	const binHz = sampleRate / fftSize;
	const bins = new Int32Array(rows);
	for (let r = 0; r < rows; r++) bins[r] = Math.round(((rows - 1 - r) / Math.max(1, rows - 1)) * (maxHz / binHz));
	return bins;
}
