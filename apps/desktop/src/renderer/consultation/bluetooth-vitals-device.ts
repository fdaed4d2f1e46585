import type { VitalReading } from '@consultdesk/protocol';
import { GATT_VITALS_SERVICES, parseIntermediateCuffPressure, readingsFromCharacteristic, toReading, type BluetoothDeviceKind, type GattParseErrorCode } from '@consultdesk/vitals';
import type { GattCharacteristic, VitalsBluetoothDevice } from './web-bluetooth.js';

/** Where a device's link is: set up, working, being restored after a drop, or given up (the doctor may press Connect). */
export type BluetoothLinkState = 'connecting' | 'connected' | 'reconnecting' | 'lost';

/** Why a device's link could not be made, as a code the UI translates. */
export type BluetoothLinkProblem = 'CONNECT_FAILED' | 'NO_MEASUREMENT_SERVICE';

export interface BluetoothDeviceStatus {
	state: BluetoothLinkState;
	/** Which reconnection attempt is waiting or running (1-based), while reconnecting. */
	attempt: number;
	problem: BluetoothLinkProblem | undefined;
	/** The device's last value could not be read: its code, never a number. Cleared by the next good reading. */
	unreadable: GattParseErrorCode | 'UNREADABLE' | undefined;
	/** The device's last value said "no number" (NaN, no finger, no skin contact). */
	noReading: boolean;
	/** Cuff pressure while a blood-pressure monitor measures (mmHg), until its result. */
	cuffPressure: VitalReading | undefined;
	/** Good values received since the app started. */
	received: number;
}

export interface BluetoothDeviceCallbacks {
	/** One good value: its readings and the device's own time of measurement when it sent one. */
	onReadings(readings: VitalReading[], measuredAt: number | undefined): void;
	onStatus(status: BluetoothDeviceStatus): void;
}

export interface BluetoothDeviceOptions {
	/** Waits between reconnection attempts; after the last, the device is "lost". */
	backoffMs?: readonly number[];
	/** How long one connection attempt may take (some stacks never answer for a device out of range). */
	connectTimeoutMs?: number;
}

/** 1, 2, 4, 8, 15, 30, 30, 30 s: about two minutes, then the doctor decides. */
export const RECONNECT_BACKOFF_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000, 30_000, 30_000, 30_000];
const CONNECT_TIMEOUT_MS = 15_000;

class ConnectTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ConnectTimeout()), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * One Bluetooth vitals device: connects to its GATT service, subscribes to
 * the measurement characteristics of its kind, reads each value with the
 * same parsers the simulated devices use, and when the link drops tries
 * again with bounded back-off. A value that cannot be read is reported as
 * unreadable and never becomes a number; nothing a device sends can throw
 * out of here.
 */
export class BluetoothVitalsDevice {
	readonly #device: VitalsBluetoothDevice;
	readonly #callbacks: BluetoothDeviceCallbacks;
	readonly #backoff: readonly number[];
	readonly #connectTimeoutMs: number;
	#status: BluetoothDeviceStatus = { state: 'connecting', attempt: 0, problem: undefined, unreadable: undefined, noReading: false, cuffPressure: undefined, received: 0 };
	/** Listeners of the current connection, removed when it ends (characteristics are new objects after a reconnect on some stacks, the same on others). */
	#unsubscribe: (() => void)[] = [];
	#retry: ReturnType<typeof setTimeout> | undefined;
	#closed = false;
	/** Counts connection attempts, so a late answer to an abandoned one is ignored. */
	#generation = 0;

	constructor(
		readonly kind: BluetoothDeviceKind,
		device: VitalsBluetoothDevice,
		callbacks: BluetoothDeviceCallbacks,
		options: BluetoothDeviceOptions = {},
	) {
		this.#device = device;
		this.#callbacks = callbacks;
		this.#backoff = options.backoffMs ?? RECONNECT_BACKOFF_MS;
		this.#connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
		device.addEventListener('gattserverdisconnected', this.#onDisconnected);
	}

	get id(): string {
		return this.#device.id;
	}

	get name(): string | undefined {
		return this.#device.name;
	}

	get status(): BluetoothDeviceStatus {
		return this.#status;
	}

	/** Connects now (first time, or again after "lost"); resolves once connected or given up. */
	async connect(): Promise<void> {
		clearTimeout(this.#retry);
		this.#retry = undefined;
		this.#update({ state: 'connecting', attempt: 0, problem: undefined });
		if (!(await this.#attempt())) this.#scheduleRetry(1);
	}

	/** Disconnects for good (the doctor forgot the device, or signed out). */
	close(): void {
		this.#closed = true;
		clearTimeout(this.#retry);
		this.#device.removeEventListener('gattserverdisconnected', this.#onDisconnected);
		this.#dropListeners();
		try {
			if (this.#device.gatt?.connected) this.#device.gatt.disconnect();
		} catch {
			// Already gone.
		}
	}

	/** One connection attempt: true when connected and subscribed. */
	async #attempt(): Promise<boolean> {
		const generation = ++this.#generation;
		this.#dropListeners();
		const gatt = this.#device.gatt;
		if (!gatt) {
			this.#update({ problem: 'CONNECT_FAILED' });
			return false;
		}
		const spec = GATT_VITALS_SERVICES[this.kind];
		try {
			const server = await withTimeout(gatt.connect(), this.#connectTimeoutMs);
			if (this.#stale(generation)) return false;
			let service;
			try {
				service = await server.getPrimaryService(spec.service);
			} catch {
				this.#update({ problem: 'NO_MEASUREMENT_SERVICE' });
				return false;
			}
			const subscribed: number[] = [];
			for (const uuid of [...spec.measurements, ...(spec.progress === undefined ? [] : [spec.progress])]) {
				let characteristic: GattCharacteristic;
				try {
					characteristic = await service.getCharacteristic(uuid);
				} catch {
					continue; // Optional for this device (spot-check without continuous, no cuff progress).
				}
				if (this.#stale(generation)) return false;
				const onValue = (event: Event) => this.#onValue(uuid, (event.target as GattCharacteristic | null)?.value ?? characteristic.value);
				characteristic.addEventListener('characteristicvaluechanged', onValue);
				this.#unsubscribe.push(() => characteristic.removeEventListener('characteristicvaluechanged', onValue));
				await characteristic.startNotifications();
				subscribed.push(uuid);
			}
			if (this.#stale(generation)) return false;
			if (!subscribed.some((uuid) => spec.measurements.includes(uuid))) {
				this.#update({ problem: 'NO_MEASUREMENT_SERVICE' });
				this.#dropListeners();
				return false;
			}
			this.#update({ state: 'connected', attempt: 0, problem: undefined });
			return true;
		} catch {
			if (!this.#stale(generation)) this.#update({ problem: 'CONNECT_FAILED' });
			return false;
		}
	}

	#stale(generation: number): boolean {
		return this.#closed || generation !== this.#generation;
	}

	readonly #onDisconnected = (): void => {
		if (this.#closed || this.#status.state !== 'connected') return;
		this.#dropListeners();
		this.#update({ cuffPressure: undefined });
		this.#scheduleRetry(1);
	};

	#scheduleRetry(attempt: number): void {
		if (this.#closed) return;
		const wait = this.#backoff[attempt - 1];
		if (wait === undefined) {
			this.#update({ state: 'lost', attempt: 0 });
			return;
		}
		this.#update({ state: 'reconnecting', attempt });
		this.#retry = setTimeout(() => {
			this.#retry = undefined;
			void this.#attempt().then((connected) => {
				if (!connected && this.#status.state === 'reconnecting') this.#scheduleRetry(attempt + 1);
			});
		}, wait);
	}

	#onValue(uuid: number, value: DataView | undefined): void {
		if (this.#closed) return;
		try {
			if (!value) {
				this.#update({ unreadable: 'TRUNCATED' });
				return;
			}
			const spec = GATT_VITALS_SERVICES[this.kind];
			if (uuid === spec.progress) {
				const cuff = parseIntermediateCuffPressure(value);
				if (!cuff.ok) return; // Progress only: a bad one is not worth a warning.
				this.#update({ cuffPressure: toReading('bp-systolic', cuff.value.cuffPressure, cuff.value.unit) });
				return;
			}
			const result = readingsFromCharacteristic(uuid, value);
			if (!result.ok) {
				this.#update({ unreadable: result.error.code });
				return;
			}
			const { readings, noReading, measuredAt } = result.value;
			this.#update({ unreadable: undefined, noReading: readings.length === 0 && noReading.length > 0, cuffPressure: undefined, received: this.#status.received + (readings.length > 0 ? 1 : 0) });
			if (readings.length > 0) this.#callbacks.onReadings(readings, measuredAt);
		} catch {
			this.#update({ unreadable: 'UNREADABLE' });
		}
	}

	#dropListeners(): void {
		for (const stop of this.#unsubscribe.splice(0)) stop();
	}

	#update(change: Partial<BluetoothDeviceStatus>): void {
		this.#status = { ...this.#status, ...change };
		this.#callbacks.onStatus(this.#status);
	}
}
