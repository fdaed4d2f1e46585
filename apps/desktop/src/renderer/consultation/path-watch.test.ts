import { describe, expect, it } from 'vitest';
import { PATH_SILENCE_MS, pathSilenceMs, PathWatch } from './path-watch.js';

describe('pathSilenceMs', () => {
	it('measures from the selected pair’s last packet to the report’s time', () => {
		const report = [
			{ type: 'transport', id: 'T', selectedCandidatePairId: 'P2' },
			{ type: 'candidate-pair', id: 'P1', timestamp: 10_000, lastPacketReceivedTimestamp: 1_000 },
			{ type: 'candidate-pair', id: 'P2', timestamp: 10_000, lastPacketReceivedTimestamp: 9_850 },
		];
		expect(pathSilenceMs(report)).toBe(150);
		expect(pathSilenceMs([{ type: 'transport', id: 'T' }])).toBeUndefined();
	});
});

describe('PathWatch', () => {
	it('raises one alarm when a steady path falls silent, and another only after it was steady again', () => {
		const watch = new PathWatch();
		expect([50, 80, 600, PATH_SILENCE_MS - 1].map((ms) => watch.observe(ms))).toEqual([false, false, false, false]);
		expect(watch.observe(PATH_SILENCE_MS)).toBe(true);
		expect(watch.observe(5000)).toBe(false);
		expect(watch.observe(40)).toBe(false);
		expect(watch.observe(2000)).toBe(true);
	});

	it('never alarms on a path that was never steady (nothing is sent to it)', () => {
		const watch = new PathWatch();
		expect([4000, 5000, 900, 6000].map((ms) => watch.observe(ms))).toEqual([false, false, false, false]);
	});
});
