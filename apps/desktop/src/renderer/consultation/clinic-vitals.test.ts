import type { VitalsMessage, VitalsObservation } from '@consultdesk/protocol';
import { SIMULATED_PROFILES, SimulatedDevice } from '@consultdesk/vitals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClinicVitals, type SimulatedPace } from './clinic-vitals.js';

describe('ClinicVitals', () => {
	afterEach(() => vi.useRealTimers());

	function setUp() {
		vi.useFakeTimers();
		const queued: string[] = [];
		const live: string[] = [];
		const paces: SimulatedPace[] = [];
		let run = 0;
		const vitals = new ClinicVitals({
			outbox: { enqueue: async (consultationId: string, observations: readonly VitalsObservation[]) => void queued.push(...observations.map((o) => `${consultationId}:${o.deviceId}:${o.seq}`)) },
			createDevices: (pace) => {
				paces.push(pace);
				run++;
				return pace === 'stopped' ? [] : [new SimulatedDevice(SIMULATED_PROFILES['pulse-oximeter'], { deviceId: `ox${run}`, intervalMs: 1000 })];
			},
		});
		const sink = { sendVitals: async (m: VitalsMessage) => void live.push(...m.observations.map((o) => `${o.deviceId}:${o.seq}`)) };
		return { vitals, queued, live, paces, sink };
	}

	it('queues every observation and sends it live only while a sink is attached', () => {
		const { vitals, queued, live, sink } = setUp();
		vitals.start('c1');
		vitals.attach(sink);
		vi.advanceTimersByTime(1000);
		vitals.detach(sink);
		vi.advanceTimersByTime(2000);
		expect(queued).toEqual(['c1:ox1:0', 'c1:ox1:1', 'c1:ox1:2', 'c1:ox1:3']);
		expect(live).toEqual(['ox1:1']);
		expect(vitals.snapshot.vitals.device('ox1')?.latest?.seq).toBe(3);
		vitals.close();
	});

	it('carries on when started again for the same consultation, and restarts for another', () => {
		const { vitals, queued } = setUp();
		vitals.start('c1');
		vitals.start('c1');
		vi.advanceTimersByTime(1000);
		vitals.start('c2');
		expect(queued).toEqual(['c1:ox1:0', 'c1:ox1:1', 'c2:ox2:0']);
		vitals.stop();
		vi.advanceTimersByTime(5000);
		expect(queued).toHaveLength(3);
		expect(vitals.snapshot.consultationId).toBeUndefined();
	});

	it('simulates only the kinds switched on, so a kind with a real device does not report twice', () => {
		const { vitals, queued } = setUp();
		vitals.start('c1');
		vitals.setSimulatedKinds(['heart-rate-monitor', 'thermometer']);
		vi.advanceTimersByTime(3000);
		expect(queued).toEqual(['c1:ox1:0']);
		vitals.setSimulatedKinds(['pulse-oximeter']);
		expect(queued).toEqual(['c1:ox1:0', 'c1:ox3:0']);
		expect(vitals.snapshot.simulatedKinds).toEqual(['pulse-oximeter']);
		vitals.close();
	});

	it('changes pace by starting new devices, and stops on "stopped"', () => {
		const { vitals, paces, queued } = setUp();
		vitals.start('c1');
		vitals.setPace('fast');
		vitals.setPace('stopped');
		vi.advanceTimersByTime(5000);
		expect(paces).toEqual(['real-time', 'fast', 'stopped']);
		expect(queued).toEqual(['c1:ox1:0', 'c1:ox2:0']);
		vitals.close();
	});
});
