import { GATT_VITALS_SERVICES, type BluetoothDeviceKind } from '@consultdesk/vitals';
import type { GattCharacteristic, GattServer, GattService, VitalsBluetooth, VitalsBluetoothDevice } from './web-bluetooth.js';

/*
 * For tests only: a Bluetooth radio cannot exist on a build machine, so this
 * implements exactly the Web Bluetooth interfaces the app uses, with the
 * semantics the specification gives them (a characteristic's value is set
 * before 'characteristicvaluechanged' fires; a dropped link fires
 * 'gattserverdisconnected' on the device; a cancelled chooser rejects with
 * NotFoundError). Tests feed it the bytes the simulated devices write.
 */

export class FakeCharacteristic extends EventTarget implements GattCharacteristic {
	value: DataView | undefined;
	notifying = false;

	constructor(
		readonly uuid: number,
		private readonly server: FakeGattServer,
	) {
		super();
	}

	async startNotifications(): Promise<this> {
		if (!this.server.connected) throw new DOMException('GATT Server is disconnected.', 'NetworkError');
		this.notifying = true;
		return this;
	}

	/** The device sends one value; nothing is delivered unless notifications were started on a live link. */
	notify(bytes: Uint8Array): boolean {
		if (!this.notifying || !this.server.connected) return false;
		const copy = bytes.slice();
		this.value = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
		this.dispatchEvent(new Event('characteristicvaluechanged'));
		return true;
	}
}

class FakeService implements GattService {
	constructor(
		readonly uuid: number,
		private readonly characteristics: Map<number, FakeCharacteristic>,
	) {}

	async getCharacteristic(uuid: BluetoothCharacteristicUUID): Promise<FakeCharacteristic> {
		const found = this.characteristics.get(Number(uuid));
		if (!found) throw new DOMException('No Characteristics matching UUID found in Service.', 'NotFoundError');
		return found;
	}
}

export class FakeGattServer implements GattServer {
	connected = false;
	connectCalls = 0;
	#services = new Map<number, FakeService>();
	/** Characteristics of the current connection: new objects after each connect, as some stacks give. */
	readonly characteristics = new Map<number, FakeCharacteristic>();

	constructor(
		private readonly device: FakeBluetoothDevice,
		private readonly serviceUuid: number,
		private readonly characteristicUuids: readonly number[],
	) {}

	async connect(): Promise<this> {
		this.connectCalls++;
		if (!this.device.inRange) throw new DOMException('Connection attempt failed.', 'NetworkError');
		this.connected = true;
		const characteristics = new Map(this.characteristicUuids.map((uuid) => [uuid, new FakeCharacteristic(uuid, this)]));
		this.characteristics.clear();
		for (const [uuid, c] of characteristics) this.characteristics.set(uuid, c);
		this.#services = new Map([[this.serviceUuid, new FakeService(this.serviceUuid, characteristics)]]);
		return this;
	}

	disconnect(): void {
		if (!this.connected) return;
		this.connected = false;
		this.device.dispatchEvent(new Event('gattserverdisconnected'));
	}

	async getPrimaryService(uuid: BluetoothServiceUUID): Promise<FakeService> {
		if (!this.connected) throw new DOMException('GATT Server is disconnected.', 'NetworkError');
		const found = this.#services.get(Number(uuid));
		if (!found) throw new DOMException('No Services matching UUID found in Device.', 'NotFoundError');
		return found;
	}
}

export class FakeBluetoothDevice extends EventTarget implements VitalsBluetoothDevice {
	readonly gatt: FakeGattServer;
	inRange = true;
	forgotten = false;

	constructor(
		readonly id: string,
		readonly name: string | undefined,
		readonly kind: BluetoothDeviceKind,
		/** The characteristics it has; by default every measurement (and progress) characteristic of its kind. */
		characteristics: readonly number[] = [...GATT_VITALS_SERVICES[kind].measurements, ...(GATT_VITALS_SERVICES[kind].progress === undefined ? [] : [GATT_VITALS_SERVICES[kind].progress])],
	) {
		super();
		this.gatt = new FakeGattServer(this, GATT_VITALS_SERVICES[kind].service, characteristics);
	}

	characteristic(uuid: number): FakeCharacteristic {
		const found = this.gatt.characteristics.get(uuid);
		if (!found) throw new Error(`not connected, or no characteristic 0x${uuid.toString(16)}`);
		return found;
	}

	/** The radio link drops (out of range, switched off): the stack fires the event. */
	dropLink(): void {
		this.inRange = false;
		this.gatt.disconnect();
	}

	async forget(): Promise<void> {
		this.forgotten = true;
	}
}

export interface FakeBluetoothOptions {
	/** Whether navigator.bluetooth.getDevices exists (it is behind a flag in some Chromium builds). */
	getDevices?: boolean;
	adapter?: boolean;
}

export class FakeBluetooth implements VitalsBluetooth {
	readonly nearby: FakeBluetoothDevice[] = [];
	/** Devices this origin was granted (by a chooser, now or in an earlier run). */
	readonly permitted = new Set<FakeBluetoothDevice>();
	readonly requests: RequestDeviceOptions[] = [];
	/** What the doctor picks in the chooser: the first nearby device that matches, or none (cancelled). */
	pick: (candidates: FakeBluetoothDevice[]) => FakeBluetoothDevice | undefined = (candidates) => candidates[0];
	getDevices?: () => Promise<FakeBluetoothDevice[]>;
	readonly #adapter: boolean;

	constructor(options: FakeBluetoothOptions = {}) {
		this.#adapter = options.adapter ?? true;
		if (options.getDevices ?? true) this.getDevices = async () => [...this.permitted];
	}

	async getAvailability(): Promise<boolean> {
		return this.#adapter;
	}

	async requestDevice(options: RequestDeviceOptions): Promise<FakeBluetoothDevice> {
		this.requests.push(options);
		const filters = 'filters' in options ? options.filters : [];
		const wanted = new Set(filters.flatMap((f) => (f.services ?? []).map(Number)));
		const candidates = this.nearby.filter((d) => d.inRange && wanted.has(GATT_VITALS_SERVICES[d.kind].service));
		const chosen = this.pick(candidates);
		if (!chosen) throw new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
		this.permitted.add(chosen);
		return chosen;
	}
}
