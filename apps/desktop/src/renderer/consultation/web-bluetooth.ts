/// <reference types="web-bluetooth" />

/*
 * The part of Web Bluetooth the vitals devices use, and nothing more: the
 * browser's navigator.bluetooth satisfies it (checked below by the compiler),
 * and the tests' fake implements exactly it.
 */

export interface GattCharacteristic extends EventTarget {
	/** The latest value, set before 'characteristicvaluechanged' fires. */
	readonly value?: DataView | undefined;
	startNotifications(): Promise<unknown>;
}

export interface GattService {
	getCharacteristic(characteristic: BluetoothCharacteristicUUID): Promise<GattCharacteristic>;
}

export interface GattServer {
	readonly connected: boolean;
	connect(): Promise<GattServer>;
	disconnect(): void;
	getPrimaryService(service: BluetoothServiceUUID): Promise<GattService>;
}

/** A device this origin may use; 'gattserverdisconnected' fires on it when the link drops. */
export interface VitalsBluetoothDevice extends EventTarget {
	readonly id: string;
	readonly name?: string | undefined;
	readonly gatt?: GattServer | undefined;
	/** Withdraws the permission (Chromium 101+). */
	forget?(): Promise<void>;
}

export interface VitalsBluetooth {
	requestDevice(options: RequestDeviceOptions): Promise<VitalsBluetoothDevice>;
	/** Devices permitted before, without a chooser; missing where the browser has not enabled it. */
	getDevices?(): Promise<VitalsBluetoothDevice[]>;
	/** Whether an adapter is present and on. */
	getAvailability?(): Promise<boolean>;
}

// The real API must fit the narrowed one: a type error here means the code uses something the browser does not have.
export const realBluetoothFits = (bluetooth: Bluetooth): VitalsBluetooth => bluetooth;

/** navigator.bluetooth when this browser has Web Bluetooth (Chromium, Electron, in a secure context). */
export function browserBluetooth(): VitalsBluetooth | undefined {
	const bluetooth = (globalThis.navigator as (Navigator & { bluetooth?: Bluetooth }) | undefined)?.bluetooth;
	return bluetooth ? realBluetoothFits(bluetooth) : undefined;
}
