import type { DeviceKind, PulmonaryContext, VitalReading, VitalsMessage, VitalsObservation } from '@consultdesk/protocol';
import { SIMULATED_PROFILES, simulatedClinicDevices, type SimulatedDevice, type SimulatedDeviceKind } from '@consultdesk/vitals';
import { EventEmitter } from 'eventemitter3';
import { VitalsHistory } from './vitals-history.js';

/** Where every observation goes first, so that none is lost when the live channel drops (the ObservationOutbox). */
export interface ObservationQueue {
	enqueue(consultationId: string, observations: readonly VitalsObservation[]): Promise<void>;
}

/** The live path: the consultation's vitals data channel, while the clinic is in the room. */
export interface LiveVitalsSink {
	sendVitals(message: VitalsMessage): Promise<void>;
}

/** How fast the simulated devices report: like the real ones, ten times a second (demos, tests), or not at all. */
export type SimulatedPace = 'real-time' | 'fast' | 'stopped';
const FAST_INTERVAL_MS = 100;

function clinicDevices(pace: SimulatedPace): SimulatedDevice[] {
	if (pace === 'stopped') return [];
	if (pace === 'real-time') return simulatedClinicDevices();
	const fast = FAST_INTERVAL_MS;
	return simulatedClinicDevices({ intervalMs: { 'pulse-oximeter': fast, 'heart-rate-monitor': fast, thermometer: fast, 'blood-pressure-monitor': fast, 'weight-scale': fast } });
}

export interface ClinicVitalsSnapshot {
	/** The consultation the devices measure for; undefined when they are off. */
	consultationId: string | undefined;
	pace: SimulatedPace;
	/** Which kinds are simulated: a kind the clinic has a real device of is switched off, so only one reports. */
	simulatedKinds: readonly SimulatedDeviceKind[];
	/** What this terminal measured for it, per device. */
	vitals: VitalsHistory;
	error: unknown;
}

export interface ClinicVitalsOptions {
	outbox?: ObservationQueue;
	createDevices?: (pace: SimulatedPace) => SimulatedDevice[];
}

/**
 * The clinic's vitals devices for one consultation. They belong to the
 * signed-in terminal, not to the consultation screen: when the link drops
 * and the screen closes, they keep measuring into the outbox, and the
 * readings reach the server when it is back. Every observation is queued in
 * the outbox first, then sent live if the clinic is in the room. The devices
 * stop when the doctor leaves, the consultation ends, or on close().
 */
export class ClinicVitals extends EventEmitter<{ change: [] }> {
	readonly #outbox: ObservationQueue | undefined;
	readonly #createDevices: (pace: SimulatedPace) => SimulatedDevice[];
	#devices: SimulatedDevice[] = [];
	#live: LiveVitalsSink | undefined;
	/** Manual entries count as one device per terminal run, like a simulated device. */
	readonly #manualDeviceId = `spirometry-${Math.random().toString(36).slice(2, 8)}`;
	#manualSeq = 0;
	/** Ends the id of every real device's observations in this run: its sequence numbers start again when the app does. */
	readonly #runSuffix = Math.random().toString(36).slice(2, 8);
	/** Next sequence number of each real device in the current consultation. */
	#deviceSeq = new Map<string, number>();
	#snapshot: ClinicVitalsSnapshot = { consultationId: undefined, pace: 'real-time', simulatedKinds: Object.keys(SIMULATED_PROFILES) as SimulatedDeviceKind[], vitals: VitalsHistory.withCapacity(600), error: undefined };

	constructor(options: ClinicVitalsOptions = {}) {
		super();
		this.#outbox = options.outbox;
		this.#createDevices = options.createDevices ?? clinicDevices;
	}

	get snapshot(): ClinicVitalsSnapshot {
		return this.#snapshot;
	}

	/** Measures for this consultation; already measuring for it, it carries on (a rejoin after a drop). */
	start(consultationId: string): void {
		if (this.#snapshot.consultationId === consultationId) return;
		this.stop();
		this.#deviceSeq = new Map();
		this.#update({ consultationId, vitals: VitalsHistory.withCapacity(600), error: undefined });
		this.#startDevices();
	}

	/** Restarts the devices at another pace (as new devices: sequence numbers start again on new ids). */
	setPace(pace: SimulatedPace): void {
		if (pace === this.#snapshot.pace) return;
		this.#update({ pace });
		if (this.#snapshot.consultationId === undefined) return;
		this.#stopDevices();
		this.#startDevices();
	}

	/** Simulates only these kinds from now on (the others stop; a kind switched on again starts as a new device). */
	setSimulatedKinds(kinds: readonly SimulatedDeviceKind[]): void {
		this.#update({ simulatedKinds: [...kinds] });
		if (this.#snapshot.consultationId === undefined) return;
		this.#stopDevices();
		this.#startDevices();
	}

	/** Sends live through this sink from now on (the clinic joined the room and started sending). */
	attach(sink: LiveVitalsSink): void {
		this.#live = sink;
	}

	detach(sink: LiveVitalsSink): void {
		if (this.#live === sink) this.#live = undefined;
	}

	stop(): void {
		this.#stopDevices();
		if (this.#snapshot.consultationId !== undefined) this.#update({ consultationId: undefined });
	}

	/**
	 * An entry typed at the clinic (the pulmonary-function form): one
	 * observation of the terminal's spirometry "device", queued and sent like
	 * a device's reading.
	 */
	recordManual(consultationId: string, readings: VitalReading[], pulmonary: PulmonaryContext | undefined): VitalsObservation {
		const observation: VitalsObservation = {
			id: crypto.randomUUID(),
			seq: this.#manualSeq++,
			deviceId: this.#manualDeviceId,
			deviceKind: 'spirometer',
			measuredAt: Date.now(),
			readings,
			...(pulmonary ? { pulmonary } : {}),
		};
		if (this.#snapshot.consultationId === consultationId) this.#update({ vitals: this.#snapshot.vitals.add(observation) });
		this.#outbox?.enqueue(consultationId, [observation]).catch((error: unknown) => this.#update({ error }));
		this.#live?.sendVitals({ v: 2, observations: [observation] }).catch(() => undefined);
		return observation;
	}

	/**
	 * Readings a real device (Bluetooth) just sent: one observation, numbered
	 * per device within the consultation, then queued and sent exactly like a
	 * simulated device's. `source` names the device on this terminal; the
	 * observation's device id adds this run's suffix, so a restarted app is a
	 * new device whose numbers start again at 0. Outside a consultation there
	 * is no one to send them to: undefined.
	 */
	recordDeviceReadings(source: string, deviceKind: DeviceKind, measuredAt: number, readings: VitalReading[]): VitalsObservation | undefined {
		const consultationId = this.#snapshot.consultationId;
		if (consultationId === undefined || readings.length === 0) return undefined;
		const deviceId = `${source.slice(0, 56)}-${this.#runSuffix}`;
		const seq = this.#deviceSeq.get(deviceId) ?? 0;
		this.#deviceSeq.set(deviceId, seq + 1);
		const observation: VitalsObservation = { id: crypto.randomUUID(), seq, deviceId, deviceKind, measuredAt: Math.round(measuredAt), readings };
		this.#onObservation(consultationId, observation);
		return observation;
	}

	dismissError(): void {
		this.#update({ error: undefined });
	}

	close(): void {
		this.#stopDevices();
		this.#live = undefined;
		this.removeAllListeners();
	}

	#startDevices(): void {
		const consultationId = this.#snapshot.consultationId;
		if (consultationId === undefined) return;
		const kinds = new Set<string>(this.#snapshot.simulatedKinds);
		const all = this.#createDevices(this.#snapshot.pace);
		for (const device of all) if (!kinds.has(device.profile.deviceKind)) device.close();
		this.#devices = all.filter((device) => kinds.has(device.profile.deviceKind));
		for (const device of this.#devices) device.start((observation) => this.#onObservation(consultationId, observation));
	}

	#stopDevices(): void {
		for (const device of this.#devices) device.close();
		this.#devices = [];
	}

	#onObservation(consultationId: string, observation: VitalsObservation): void {
		this.#outbox?.enqueue(consultationId, [observation]).catch((error: unknown) => this.#update({ error }));
		// Live is best effort: what it loses, the outbox delivers and the expert fetches.
		this.#live?.sendVitals({ v: 2, observations: [observation] }).catch(() => undefined);
		// The clinic's own screen last: its render would otherwise run before the send (both wait for a microtask).
		this.#update({ vitals: this.#snapshot.vitals.add(observation) });
	}

	#update(change: Partial<ClinicVitalsSnapshot>): void {
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}
