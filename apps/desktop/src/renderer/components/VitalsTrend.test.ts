import { describe, expect, it } from 'vitest';
import { trendColumns } from './VitalsTrend.js';

describe('trendColumns', () => {
	it('orders readings oldest first, in seconds, with each vital in its own column', () => {
		const reading = (seq: number, spo2: number, pulse?: number) => ({
			v: 1 as const,
			seq,
			deviceId: 'ox',
			deviceKind: 'pulse-oximeter' as const,
			measuredAt: 1_000_000 + seq * 1000,
			readings: [{ code: 'spo2' as const, value: spo2, unit: '%' as const }, ...(pulse === undefined ? [] : [{ code: 'pulse-rate' as const, value: pulse, unit: '/min' as const }])],
		});
		expect(trendColumns([reading(2, 97, 71), reading(1, 98)])).toEqual([
			[1001, 1002],
			[98, 97],
			[null, 71],
		]);
	});
});
