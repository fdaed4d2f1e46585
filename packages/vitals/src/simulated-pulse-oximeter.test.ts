import { vitalsMessageSchema } from '@consultdesk/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedPulseOximeter } from './simulated-pulse-oximeter.js';

describe('SimulatedPulseOximeter', () => {
	afterEach(() => vi.useRealTimers());

	it('produces protocol-valid readings in a plausible resting range with increasing seq', () => {
		const oximeter = new SimulatedPulseOximeter({ now: () => 1_000 });
		const messages = Array.from({ length: 200 }, () => oximeter.read());
		messages.forEach((m, i) => {
			expect(vitalsMessageSchema.parse(m).seq).toBe(i);
			const [spo2, pulse] = m.readings;
			expect(spo2?.value).toBeGreaterThanOrEqual(96);
			expect(spo2?.value).toBeLessThanOrEqual(99);
			expect(pulse?.value).toBeGreaterThanOrEqual(62);
			expect(pulse?.value).toBeLessThanOrEqual(82);
		});
	});

	it('reports once per interval until closed', () => {
		vi.useFakeTimers();
		const oximeter = new SimulatedPulseOximeter({ intervalMs: 1000 });
		const seen: number[] = [];
		oximeter.start((m) => seen.push(m.seq));
		vi.advanceTimersByTime(3000);
		oximeter.close();
		vi.advanceTimersByTime(3000);
		expect(seen).toEqual([0, 1, 2, 3]);
		expect(oximeter.closed).toBe(true);
	});
});
