import type { DeviceKind, VitalsObservation } from '@consultdesk/protocol';
import { BLOOD_PRESSURE_MEASUREMENT } from './blood-pressure-measurement.js';
import { ByteWriter, gattDateTime } from './byte-writer.js';
import { readingsFromCharacteristic } from './characteristic-readings.js';
import { HEART_RATE_MEASUREMENT } from './heart-rate-measurement.js';
import { PLX_CONTINUOUS_MEASUREMENT } from './plx-measurement.js';
import { TEMPERATURE_MEASUREMENT } from './temperature-measurement.js';
import { WEIGHT_MEASUREMENT } from './weight-measurement.js';

/** How one kind of device is simulated: the characteristic it notifies and the bytes of its n-th value. */
export interface SimulatedProfile {
	readonly deviceKind: DeviceKind;
	readonly characteristic: number;
	/** A real device of this kind reports about this often. */
	readonly intervalMs: number;
	sample(n: number, now: number): Uint8Array;
}

/*
 * A plausible resting adult, drifting slowly so the expert sees values
 * change; deterministic given n and the clock. Every profile writes the
 * bytes the real characteristic would carry, so the simulated path goes
 * through the same parsers as a real device.
 */
const wave = (n: number, period: number) => Math.sin(n / period);

export const SIMULATED_PROFILES = {
	// PLX Continuous, flags 0: SpO2 96–99 % and pulse 64–80 /min as SFLOAT integers.
	'pulse-oximeter': {
		deviceKind: 'pulse-oximeter',
		characteristic: PLX_CONTINUOUS_MEASUREMENT,
		intervalMs: 1000,
		sample: (n) =>
			new ByteWriter()
				.uint8(0)
				.sfloat(Math.round(97.5 + 1.5 * wave(n, 17)), 0)
				.sfloat(Math.round(72 + 6 * wave(n, 11) + 2 * wave(n, 3)), 0)
				.toBytes(),
	},
	// Heart Rate, flags 0x16: uint8 rate, contact supported and detected, one RR interval in 1/1024 s.
	'heart-rate-monitor': {
		deviceKind: 'heart-rate-monitor',
		characteristic: HEART_RATE_MEASUREMENT,
		intervalMs: 1000,
		sample: (n) => {
			const bpm = Math.round(74 + 5 * wave(n, 13));
			return new ByteWriter().uint8(0x16).uint8(bpm).uint16(Math.round((60 / bpm) * 1024)).toBytes();
		},
	},
	// Temperature, flags 0x06: °C as FLOAT with two decimals, the device's timestamp, site "mouth" (6).
	thermometer: {
		deviceKind: 'thermometer',
		characteristic: TEMPERATURE_MEASUREMENT,
		intervalMs: 30_000,
		sample: (n, now) => new ByteWriter().uint8(0x06).float(Math.round(3665 + 15 * wave(n, 5)), -2).dateTime(gattDateTime(now)).uint8(6).toBytes(),
	},
	// Blood Pressure, flags 0x04: mmHg, pulse rate present; MAP = DBP + (SBP − DBP)/3.
	'blood-pressure-monitor': {
		deviceKind: 'blood-pressure-monitor',
		characteristic: BLOOD_PRESSURE_MEASUREMENT,
		intervalMs: 60_000,
		sample: (n) => {
			const systolic = Math.round(122 + 8 * wave(n, 3));
			const diastolic = Math.round(78 + 5 * wave(n, 4));
			const mean = Math.round(diastolic + (systolic - diastolic) / 3);
			return new ByteWriter().uint8(0x04).sfloat(systolic, 0).sfloat(diastolic, 0).sfloat(mean, 0).sfloat(Math.round(70 + 4 * wave(n, 2)), 0).toBytes();
		},
	},
	// Weight, flags 0x08: SI, weight in 0.005 kg steps, BMI (0.1) and height (0.001 m) present.
	'weight-scale': {
		deviceKind: 'weight-scale',
		characteristic: WEIGHT_MEASUREMENT,
		intervalMs: 120_000,
		sample: (n) => {
			const weightRaw = Math.round((64.2 + 0.2 * wave(n, 2)) / 0.005);
			const heightMm = 1650;
			const bmi = Math.round(((weightRaw * 0.005) / (heightMm / 1000) ** 2) * 10);
			return new ByteWriter().uint8(0x08).uint16(weightRaw).uint16(bmi).uint16(heightMm).toBytes();
		},
	},
} as const satisfies Record<string, SimulatedProfile>;

export type SimulatedDeviceKind = keyof typeof SIMULATED_PROFILES;

export interface SimulatedDeviceOptions {
	deviceId?: string;
	/** Milliseconds between readings; the profile's own interval otherwise. */
	intervalMs?: number;
	now?: () => number;
	/** Makes each observation's stable id; crypto.randomUUID otherwise. */
	newId?: () => string;
}

/**
 * A device without hardware: its profile writes characteristic bytes, the
 * parsers read them, and each value becomes one observation with a new id
 * and the device's next sequence number.
 */
export class SimulatedDevice {
	readonly deviceId: string;
	readonly intervalMs: number;
	#n = 0;
	#seq = 0;
	#timer: ReturnType<typeof setInterval> | undefined;
	readonly #now: () => number;
	readonly #newId: () => string;

	constructor(
		readonly profile: SimulatedProfile,
		options: SimulatedDeviceOptions = {},
	) {
		this.deviceId = options.deviceId ?? `sim-${profile.deviceKind}-1`;
		this.intervalMs = options.intervalMs ?? profile.intervalMs;
		this.#now = options.now ?? Date.now;
		this.#newId = options.newId ?? (() => crypto.randomUUID());
	}

	get closed(): boolean {
		return this.#timer === undefined;
	}

	/** The next observation; undefined when the device sent no number (then no sequence number is used). */
	read(): VitalsObservation | undefined {
		const now = Math.round(this.#now());
		const result = readingsFromCharacteristic(this.profile.characteristic, this.profile.sample(this.#n++, now));
		if (!result.ok || result.value.readings.length === 0) return undefined;
		return {
			id: this.#newId(),
			seq: this.#seq++,
			deviceId: this.deviceId,
			deviceKind: this.profile.deviceKind,
			measuredAt: result.value.measuredAt ?? now,
			readings: result.value.readings,
		};
	}

	/** Calls onObservation with an observation now and then every intervalMs until close(). */
	start(onObservation: (observation: VitalsObservation) => void): void {
		if (this.#timer !== undefined) return;
		const tick = () => {
			const observation = this.read();
			if (observation) onObservation(observation);
		};
		tick();
		this.#timer = setInterval(tick, this.intervalMs);
	}

	close(): void {
		clearInterval(this.#timer);
		this.#timer = undefined;
	}
}

export interface ClinicDevicesOptions extends Omit<SimulatedDeviceOptions, 'deviceId' | 'intervalMs'> {
	intervalMs?: Partial<Record<SimulatedDeviceKind, number>>;
	/**
	 * Ends every device id. Random by default: a simulated device starts its
	 * sequence numbers at 0 each time, so each start is a new device.
	 */
	idSuffix?: string;
}

/** One simulated device of every kind, as a clinic terminal has them. */
export function simulatedClinicDevices(options: ClinicDevicesOptions = {}): SimulatedDevice[] {
	const { intervalMs, idSuffix = Math.random().toString(36).slice(2, 8), ...rest } = options;
	return (Object.keys(SIMULATED_PROFILES) as SimulatedDeviceKind[]).map(
		(kind) => new SimulatedDevice(SIMULATED_PROFILES[kind], { ...rest, deviceId: `sim-${kind}-${idSuffix}`, intervalMs: intervalMs?.[kind] }),
	);
}
