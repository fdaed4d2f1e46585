import { describe, expect, it } from 'vitest';
import { butterworthQs, chainResponseDb, clampGainDb, describeFilterChain, LISTENING_MODES, limiterMakeupDb, MAX_GAIN_DB } from './listening-filters.js';

describe('listening filters', () => {
	it('uses the Butterworth section Qs, given to Web Audio in dB', () => {
		const [q1, q2] = butterworthQs(4);
		expect(q1).toBeCloseTo(0.5412, 4);
		expect(q2).toBeCloseTo(1.3066, 4);
		expect(butterworthQs(2)[0]).toBeCloseTo(Math.SQRT1_2, 6);
		const bell = describeFilterChain('bell');
		expect(bell.map((s) => [s.type, s.frequency])).toEqual([
			['highpass', 20],
			['highpass', 20],
			['lowpass', 200],
			['lowpass', 200],
		]);
		expect(bell[0]!.qDb).toBeCloseTo(-5.33, 2);
	});

	it.each(Object.entries(LISTENING_MODES))('%s: −3 dB at both edges, flat in between', (mode, { highPassHz, lowPassHz }) => {
		const chain = describeFilterChain(mode as keyof typeof LISTENING_MODES);
		// Each edge is −3 dB; the other edge adds a little where the band is narrow.
		expect(chainResponseDb(chain, highPassHz)).toBeLessThan(-2.9);
		expect(chainResponseDb(chain, highPassHz)).toBeGreaterThan(-3.3);
		expect(chainResponseDb(chain, lowPassHz)).toBeLessThan(-2.9);
		expect(chainResponseDb(chain, lowPassHz)).toBeGreaterThan(-3.3);
		const centre = Math.sqrt(highPassHz * lowPassHz);
		expect(Math.abs(chainResponseDb(chain, centre))).toBeLessThan(0.1);
	});

	it('bell keeps 50 Hz and cuts 1 kHz by more than 50 dB; diaphragm cuts 30 Hz by more than 50 dB', () => {
		const bell = describeFilterChain('bell');
		expect(Math.abs(chainResponseDb(bell, 50))).toBeLessThan(0.1);
		expect(chainResponseDb(bell, 1000)).toBeLessThan(-50);
		expect(chainResponseDb(describeFilterChain('diaphragm'), 30)).toBeLessThan(-40);
		// 24 dB an octave, as a 4th-order filter should.
		expect(chainResponseDb(bell, 800) - chainResponseDb(bell, 1600)).toBeCloseTo(24, 0);
	});

	it('clamps gain to 0…+24 dB and takes the limiter’s make-up gain off', () => {
		expect(clampGainDb(30)).toBe(MAX_GAIN_DB);
		expect(clampGainDb(-5)).toBe(0);
		expect(clampGainDb(Number.NaN)).toBe(0);
		expect(limiterMakeupDb()).toBeCloseTo(0.57, 2);
	});
});
