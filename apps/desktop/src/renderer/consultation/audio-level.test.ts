import { describe, expect, it } from 'vitest';
import { rmsDbfs } from './audio-level.js';

describe('rmsDbfs', () => {
	it('gives -3 dBFS for a full-scale sine and -15 dBFS for one at a quarter of full scale', () => {
		const sine = (amplitude: number) => Float32Array.from({ length: 4800 }, (_, i) => amplitude * Math.sin((2 * Math.PI * 100 * i) / 48_000));
		expect(rmsDbfs(sine(1))).toBeCloseTo(-3.01, 1);
		expect(rmsDbfs(sine(0.25))).toBeCloseTo(-15.05, 1);
	});

	it('floors silence at -100 dBFS', () => {
		expect(rmsDbfs(new Float32Array(128))).toBe(-100);
		expect(rmsDbfs(new Float32Array(0))).toBe(-100);
	});
});
