import { VITAL_KINDS, vitalsObservationSchema } from '@consultdesk/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SIMULATED_PROFILES, SimulatedDevice, simulatedClinicDevices, type SimulatedDeviceKind } from './simulated-devices.js';

describe('SimulatedDevice', () => {
	afterEach(() => vi.useRealTimers());

	it.each(Object.keys(SIMULATED_PROFILES) as SimulatedDeviceKind[])('%s writes bytes the parsers read into protocol-valid observations', (kind) => {
		let id = 0;
		const device = new SimulatedDevice(SIMULATED_PROFILES[kind], { now: () => Date.UTC(2026, 10, 23, 10), newId: () => `00000000-0000-4000-8000-${String(id++).padStart(12, '0')}` });
		const observations = Array.from({ length: 100 }, () => device.read());
		observations.forEach((o, i) => {
			const observation = vitalsObservationSchema.parse(o);
			expect(observation.seq).toBe(i);
			expect(observation.deviceKind).toBe(kind);
			for (const r of observation.readings) expect(r.unit).toBe(VITAL_KINDS[r.code].unit);
		});
		expect(new Set(observations.map((o) => o?.id)).size).toBe(100);
	});

	it('stays in a plausible resting range', () => {
		const [oximetry] = [new SimulatedDevice(SIMULATED_PROFILES['pulse-oximeter']).read()];
		const spo2 = oximetry?.readings.find((r) => r.code === 'spo2')?.value ?? 0;
		expect(spo2).toBeGreaterThanOrEqual(96);
		expect(spo2).toBeLessThanOrEqual(99);
		const temperature = new SimulatedDevice(SIMULATED_PROFILES.thermometer).read()?.readings[0];
		expect(temperature).toMatchObject({ code: 'body-temperature', unit: 'Cel', decimals: 2 });
		expect(temperature?.value).toBeGreaterThan(36);
		expect(temperature?.value).toBeLessThan(37.5);
	});

	it('reports once per interval until closed', () => {
		vi.useFakeTimers();
		const device = new SimulatedDevice(SIMULATED_PROFILES['pulse-oximeter'], { intervalMs: 1000 });
		const seen: number[] = [];
		device.start((o) => seen.push(o.seq));
		vi.advanceTimersByTime(3000);
		device.close();
		vi.advanceTimersByTime(3000);
		expect(seen).toEqual([0, 1, 2, 3]);
		expect(device.closed).toBe(true);
	});

	it('gives a clinic one device of every kind, each with its own id', () => {
		const devices = simulatedClinicDevices();
		expect(devices.map((d) => d.profile.deviceKind)).toEqual(['pulse-oximeter', 'heart-rate-monitor', 'thermometer', 'blood-pressure-monitor', 'weight-scale']);
		expect(new Set(devices.map((d) => d.deviceId)).size).toBe(devices.length);
	});
});
