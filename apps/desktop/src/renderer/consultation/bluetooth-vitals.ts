import type { VitalReading } from '@consultdesk/protocol';
import { GATT_VITALS_SERVICES, type BluetoothDeviceKind } from '@consultdesk/vitals';
import { EventEmitter } from 'eventemitter3';
import { BluetoothVitalsDevice, type BluetoothDeviceOptions, type BluetoothDeviceStatus } from './bluetooth-vitals-device.js';
import { RememberedBluetoothDevices } from './remembered-bluetooth-devices.js';
import type { VitalsBluetooth, VitalsBluetoothDevice } from './web-bluetooth.js';

/**
 * Whether this app can use Bluetooth here: 'unsupported' when the browser has
 * no Web Bluetooth (Firefox, Safari, an insecure page), 'no-adapter' when it
 * has but no adapter is on.
 */
export type BluetoothAvailability = 'checking' | 'available' | 'no-adapter' | 'unsupported';

/** A remembered device and how its link is; 'not-connected' until it is connected in this run (where the browser cannot reconnect by itself). */
export interface BluetoothDeviceEntry {
	id: string;
	name: string;
	kind: BluetoothDeviceKind;
	status: BluetoothDeviceStatus | undefined;
}

export interface BluetoothVitalsSnapshot {
	availability: BluetoothAvailability;
	/** The browser reconnects remembered devices without a chooser (navigator.bluetooth.getDevices). */
	reconnectsRemembered: boolean;
	devices: BluetoothDeviceEntry[];
}

/** Where a device's readings go: ClinicVitals.recordDeviceReadings. */
export type BluetoothReadingsSink = (source: string, kind: BluetoothDeviceKind, measuredAt: number, readings: VitalReading[]) => void;

export interface BluetoothVitalsOptions {
	/** navigator.bluetooth (browserBluetooth()), undefined where the browser has none; tests pass a fake. */
	bluetooth: VitalsBluetooth | undefined;
	onReadings: BluetoothReadingsSink;
	remembered?: RememberedBluetoothDevices;
	device?: BluetoothDeviceOptions;
	now?: () => number;
}

/** A Web Bluetooth device id may hold '/', '+' and '='; an observation's device id keeps letters and digits. */
export function observationSource(bluetoothId: string): string {
	return `ble-${bluetoothId.replace(/[^A-Za-z0-9]/g, '').slice(0, 40) || 'device'}`;
}

/**
 * The terminal's Bluetooth vitals devices: the doctor connects one with the
 * browser's chooser, filtered to the standard service of the kind asked for;
 * it is remembered on this terminal and, where the browser allows,
 * reconnected at the next start without a chooser. Each device's readings go
 * to the same pipeline as the simulated devices' (numbered, queued in the
 * outbox, sent live). The one place that knows which devices exist and how
 * their links are.
 */
export class BluetoothVitals extends EventEmitter<{ change: [] }> {
	readonly #bluetooth: VitalsBluetooth | undefined;
	readonly #onReadings: BluetoothReadingsSink;
	readonly #remembered: RememberedBluetoothDevices;
	readonly #deviceOptions: BluetoothDeviceOptions | undefined;
	readonly #now: () => number;
	readonly #connected = new Map<string, BluetoothVitalsDevice>();
	#availability: BluetoothAvailability;
	#snapshot: BluetoothVitalsSnapshot;
	#closed = false;

	constructor(options: BluetoothVitalsOptions) {
		super();
		this.#bluetooth = options.bluetooth;
		this.#onReadings = options.onReadings;
		this.#remembered = options.remembered ?? new RememberedBluetoothDevices();
		this.#deviceOptions = options.device;
		this.#now = options.now ?? Date.now;
		this.#availability = this.#bluetooth ? 'checking' : 'unsupported';
		this.#snapshot = this.#build();
	}

	get snapshot(): BluetoothVitalsSnapshot {
		return this.#snapshot;
	}

	/** Checks the adapter and reconnects remembered devices the browser still permits, without a chooser. */
	async start(): Promise<void> {
		const bluetooth = this.#bluetooth;
		if (!bluetooth) return;
		try {
			this.#availability = (await bluetooth.getAvailability?.()) === false ? 'no-adapter' : 'available';
		} catch {
			this.#availability = 'available';
		}
		this.#changed();
		if (this.#availability !== 'available' || typeof bluetooth.getDevices !== 'function') return;
		let permitted: VitalsBluetoothDevice[];
		try {
			permitted = await bluetooth.getDevices();
		} catch {
			return; // Remembered devices stay listed with a Connect button.
		}
		for (const remembered of this.#remembered.all()) {
			const device = permitted.find((d) => d.id === remembered.id);
			if (device && !this.#closed) void this.#connect(remembered.kind, device);
		}
	}

	/**
	 * Opens the browser's chooser for a device of `kind` and connects the one
	 * the doctor picks. Cancelling the chooser is not an error: false.
	 */
	async choose(kind: BluetoothDeviceKind): Promise<boolean> {
		if (!this.#bluetooth) return false;
		const spec = GATT_VITALS_SERVICES[kind];
		let device: VitalsBluetoothDevice;
		try {
			device = await this.#bluetooth.requestDevice({ filters: [{ services: [spec.service] }], optionalServices: [spec.service] });
		} catch (error) {
			// NotFoundError: the chooser was cancelled or nothing was found; the chooser said so already.
			if (error instanceof DOMException && error.name === 'NotFoundError') return false;
			throw error;
		}
		this.#remembered.remember({ id: device.id, name: device.name ?? '', kind });
		await this.#connect(kind, device);
		return true;
	}

	/** Connects a listed device again: directly if this run knows it, else through the chooser. */
	async reconnect(id: string): Promise<void> {
		const known = this.#connected.get(id);
		if (known) return known.connect();
		const remembered = this.#remembered.all().find((d) => d.id === id);
		if (remembered) await this.choose(remembered.kind);
	}

	/** Disconnects and forgets a device, withdrawing the browser's permission where it can. */
	async forget(id: string): Promise<void> {
		const device = this.#connected.get(id);
		this.#connected.delete(id);
		device?.close();
		this.#remembered.forget(id);
		this.#changed();
		try {
			const permitted = (await this.#bluetooth?.getDevices?.()) ?? [];
			await permitted.find((d) => d.id === id)?.forget?.();
		} catch {
			// The permission lapses with the browser's own rules.
		}
	}

	close(): void {
		this.#closed = true;
		for (const device of this.#connected.values()) device.close();
		this.#connected.clear();
		this.removeAllListeners();
	}

	async #connect(kind: BluetoothDeviceKind, device: VitalsBluetoothDevice): Promise<void> {
		this.#connected.get(device.id)?.close();
		const source = observationSource(device.id);
		const connection = new BluetoothVitalsDevice(
			kind,
			device,
			{
				onReadings: (readings, measuredAt) => this.#onReadings(source, kind, measuredAt ?? this.#now(), readings),
				onStatus: () => this.#changed(),
			},
			this.#deviceOptions,
		);
		this.#connected.set(device.id, connection);
		await connection.connect();
	}

	#build(): BluetoothVitalsSnapshot {
		return {
			availability: this.#availability,
			reconnectsRemembered: typeof this.#bluetooth?.getDevices === 'function',
			devices: this.#remembered.all().map((d) => ({ ...d, status: this.#connected.get(d.id)?.status })),
		};
	}

	#changed(): void {
		if (this.#closed) return;
		this.#snapshot = this.#build();
		this.emit('change');
	}
}
