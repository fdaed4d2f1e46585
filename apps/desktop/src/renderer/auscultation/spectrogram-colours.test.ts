import { describe, expect, it } from 'vitest';
import { byteColourTable, levelColour, rampColour, rowBins } from './spectrogram-colours.js';

const luminance = ([r, g, b]: [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe('spectrogram colours', () => {
	it('runs from dark to bright, brighter for every louder step', () => {
		expect(rampColour(0)).toEqual([68, 1, 84]);
		expect(rampColour(1)).toEqual([253, 231, 37]);
		let previous = -1;
		for (let db = -100; db <= -20; db += 5) {
			const l = luminance(levelColour(db));
			expect(l).toBeGreaterThan(previous);
			previous = l;
		}
	});

	it('clamps out-of-range and non-finite levels', () => {
		expect(levelColour(-200)).toEqual(rampColour(0));
		expect(levelColour(10)).toEqual(rampColour(1));
		expect(rampColour(Number.NaN)).toEqual(rampColour(0));
	});

	it('packs an RGBA table for byte spectra', () => {
		const table = byteColourTable();
		expect(table.length).toBe(1024);
		expect([...table.slice(255 * 4)]).toEqual([253, 231, 37, 255]);
	});

	it('puts low frequencies at the bottom row', () => {
		const bins = rowBins(101, 2000, 48_000, 4096);
		expect(bins[100]).toBe(0);
		expect(bins[0]).toBe(Math.round(2000 / (48_000 / 4096)));
	});
});
