import type { VitalsObservation } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { MIN_TREND_WINDOW_S, trendColumns, trendTimeFormat, trendTimeRange } from './VitalsTrend.js';

describe('trendColumns', () => {
	it('orders observations oldest first, in seconds, with each vital in its own column', () => {
		const observation = (seq: number, spo2: number, pulse?: number): VitalsObservation => ({
			id: `00000000-0000-4000-8000-00000000000${seq}`,
			seq,
			deviceId: 'ox',
			deviceKind: 'pulse-oximeter',
			measuredAt: 1_000_000 + seq * 1000,
			readings: [{ code: 'spo2', value: spo2, unit: '%', decimals: 0 }, ...(pulse === undefined ? [] : [{ code: 'pulse-rate' as const, value: pulse, unit: '/min' as const, decimals: 0 }])],
		});
		expect(trendColumns([observation(2, 97, 71), observation(1, 98)], ['spo2', 'pulse-rate'])).toEqual([
			[1001, 1002],
			[98, 97],
			[null, 71],
		]);
	});
});

describe('trendTimeRange', () => {
	it('gives a single reading, or readings close together, a window of minutes ending at the newest', () => {
		expect(trendTimeRange(1000, 1000)).toEqual({ min: 1000 - MIN_TREND_WINDOW_S, max: 1000 });
		expect(trendTimeRange(1000, 1060)).toEqual({ min: 1060 - MIN_TREND_WINDOW_S, max: 1060 });
	});

	it("keeps the readings' own span when it is longer", () => {
		expect(trendTimeRange(1000, 1000 + 3600)).toEqual({ min: 1000, max: 4600 });
	});
});

describe('trendTimeFormat', () => {
	const at = Date.UTC(2026, 10, 23, 14, 5, 30) / 1000;

	it('labels ticks in 24-hour time, with seconds only when they are closer than a minute', () => {
		const { tick } = trendTimeFormat('en');
		expect(tick(at, 30)).toMatch(/^\d\d:\d\d:\d\d$/);
		expect(tick(at, 300)).toMatch(/^\d\d:\d\d$/);
	});

	it('writes times and dates in the language chosen, not in English', () => {
		expect(trendTimeFormat('zh').tick(at, 86_400 * 30)).toMatch(/月/);
		expect(trendTimeFormat('en').tick(at, 86_400 * 30)).toMatch(/Nov/);
		expect(trendTimeFormat('km').point(at)).not.toMatch(/[AP]M/i);
	});
});
