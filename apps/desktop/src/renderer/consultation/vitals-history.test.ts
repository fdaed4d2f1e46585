import type { VitalsMessage } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { VitalsHistory } from './vitals-history.js';

const reading = (seq: number): VitalsMessage => ({
	v: 1,
	seq,
	deviceId: 'ox',
	deviceKind: 'pulse-oximeter',
	measuredAt: 1_000 + seq,
	readings: [{ code: 'spo2', value: 97, unit: '%' }],
});

describe('VitalsHistory', () => {
	it('keeps the newest readings first, up to its capacity', () => {
		let history = VitalsHistory.withCapacity(3);
		for (const seq of [0, 1, 2, 3]) history = history.add(reading(seq));
		expect(history.recent.map((m) => m.seq)).toEqual([3, 2, 1]);
		expect(history.latest?.seq).toBe(3);
	});

	it('counts gaps as missed and never lets an older reading replace the latest', () => {
		const history = VitalsHistory.withCapacity(10).add(reading(0)).add(reading(3)).add(reading(2));
		expect(history.latest?.seq).toBe(3);
		expect(history.missed).toBe(2);
		expect(history.late).toBe(1);
	});
});
