import { BLUETOOTH_DEVICE_KINDS, type BluetoothDeviceKind } from '@consultdesk/vitals';
import { z } from 'zod';

/** A Bluetooth device chosen on this terminal: the browser's id for it, its advertised name and what kind of device it is. */
export interface RememberedBluetoothDevice {
	id: string;
	name: string;
	kind: BluetoothDeviceKind;
}

const STORAGE_KEY = 'consultdesk.bluetooth-devices';

const rememberedSchema = z.array(
	z.object({
		id: z.string().min(1).max(128),
		// GATT device names are at most 248 bytes.
		name: z.string().max(248),
		kind: z.enum(BLUETOOTH_DEVICE_KINDS as [BluetoothDeviceKind, ...BluetoothDeviceKind[]]),
	}),
);

/**
 * The Bluetooth devices of this terminal (not of an account: they belong to
 * the desk), kept in local storage. What storage holds is read through a
 * schema: a damaged or foreign entry is dropped, never trusted.
 */
export class RememberedBluetoothDevices {
	readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;

	constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {
		this.#storage = storage;
	}

	all(): RememberedBluetoothDevice[] {
		try {
			const parsed = rememberedSchema.safeParse(JSON.parse(this.#storage?.getItem(STORAGE_KEY) ?? '[]'));
			return parsed.success ? parsed.data : [];
		} catch {
			return [];
		}
	}

	remember(device: RememberedBluetoothDevice): void {
		this.#write([...this.all().filter((d) => d.id !== device.id), device]);
	}

	forget(id: string): void {
		this.#write(this.all().filter((d) => d.id !== id));
	}

	#write(devices: RememberedBluetoothDevice[]): void {
		try {
			this.#storage?.setItem(STORAGE_KEY, JSON.stringify(devices));
		} catch {
			// Without storage the devices are remembered until the app closes.
		}
	}
}
