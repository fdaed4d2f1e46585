import { describe, expect, it } from 'vitest';
import { gainHint, isClipping, longestRailRun } from './clip-detection.js';

describe('clip detection', () => {
	it('counts consecutive samples at ±1.0, of either sign', () => {
		expect(longestRailRun([0, 1, 1, -1, 0.5, 1])).toBe(3);
		expect(longestRailRun([0.5, -0.9, 0.99])).toBe(0);
	});

	it('calls a single full-scale peak clean and a flat top clipped', () => {
		const peak = Float32Array.from({ length: 480 }, (_, i) => Math.sin((2 * Math.PI * i) / 48));
		expect(isClipping(peak)).toBe(false);
		const flatTop = peak.map((s) => Math.max(-1, Math.min(1, s * 2)));
		expect(isClipping(flatTop)).toBe(true);
	});

	it('hints the clinic doctor: lower when clipping, raise when too quiet', () => {
		expect(gainHint(-3, true)).toBe('clipping');
		expect(gainHint(-65, false)).toBe('too-quiet');
		expect(gainHint(-25, false)).toBe('ok');
		expect(gainHint(undefined, false)).toBe('ok');
	});
});
