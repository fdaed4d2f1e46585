import type { VitalsObservation } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { VitalsHistory } from './vitals-history.js';

const observation = (seq: number, deviceId = 'ox'): VitalsObservation => ({
	id: `00000000-0000-4000-8000-${deviceId.padStart(4, '0')}${String(seq).padStart(8, '0')}`,
	seq,
	deviceId,
	deviceKind: deviceId === 'ox' ? 'pulse-oximeter' : 'thermometer',
	measuredAt: 1_000 + seq,
	readings: deviceId === 'ox' ? [{ code: 'spo2', value: 97, unit: '%', decimals: 0 }] : [{ code: 'body-temperature', value: 36.6, unit: 'Cel', decimals: 1 }],
});

describe('VitalsHistory', () => {
	it('keeps the newest observations first, up to its capacity per device', () => {
		let history = VitalsHistory.withCapacity(3);
		for (const seq of [0, 1, 2, 3]) history = history.add(observation(seq));
		const ox = history.device('ox');
		expect(ox?.recent.map((m) => m.seq)).toEqual([3, 2, 1]);
		expect(ox?.latest?.seq).toBe(3);
	});

	it('counts gaps as missed per device and never lets an older observation replace the latest', () => {
		const history = VitalsHistory.withCapacity(10).add(observation(0), observation(3), observation(2));
		const ox = history.device('ox');
		expect(ox?.latest?.seq).toBe(3);
		expect(ox?.missed).toBe(1);
		expect(ox?.late).toBe(1);
		expect(ox?.recent.map((m) => m.seq)).toEqual([3, 2, 0]);
	});

	it('counts what came before a device\'s first observation seen, since every device starts at 0', () => {
		const joinedLate = VitalsHistory.withCapacity(10).add(observation(5), observation(6));
		expect(joinedLate.device('ox')?.missed).toBe(5);
		expect(joinedLate.add(...[0, 1, 2, 3, 4].map((seq) => observation(seq))).device('ox')?.missed).toBe(0);
	});

	it('keeps devices apart: each has its own sequence numbers', () => {
		const history = VitalsHistory.withCapacity(10).add(observation(0), observation(0, 'th'), observation(1), observation(1, 'th'));
		expect(history.devices.map((d) => [d.deviceId, d.deviceKind, d.latest?.seq, d.missed])).toEqual([
			['ox', 'pulse-oximeter', 1, 0],
			['th', 'thermometer', 1, 0],
		]);
	});

	it('fills gaps from the server and ignores what it already holds', () => {
		const live = VitalsHistory.withCapacity(10).add(observation(0), observation(4));
		expect(live.device('ox')?.missed).toBe(3);
		const filled = live.add(observation(1), observation(2), observation(3), observation(4));
		expect(filled.device('ox')?.missed).toBe(0);
		expect(filled.device('ox')?.recent.map((m) => m.seq)).toEqual([4, 3, 2, 1, 0]);
		expect(filled.add(observation(2))).toBe(filled);
	});
});
