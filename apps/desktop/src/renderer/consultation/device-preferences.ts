import type { CapturedSource } from '@consultdesk/media-settings';

/** A device as remembered: its id (stable until the device is re-plugged on some systems) and its label. */
export interface RememberedDevice {
	deviceId: string;
	label: string;
}

const STORAGE_KEY = 'consultdesk.devices';

/**
 * The device to use among those present now: the remembered one by id, else
 * by label (an id can change when a USB stethoscope is plugged into another
 * port), else undefined so the caller's default applies.
 */
export function rematchDevice(remembered: RememberedDevice | undefined, present: readonly Pick<MediaDeviceInfo, 'deviceId' | 'label'>[]): string | undefined {
	if (!remembered) return undefined;
	return present.find((d) => d.deviceId === remembered.deviceId)?.deviceId ?? present.find((d) => d.label !== '' && d.label === remembered.label)?.deviceId;
}

/**
 * Which camera, voice microphone and stethoscope this terminal uses, kept on
 * the terminal (not per account: the devices belong to the desk).
 */
export class DevicePreferences {
	readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;

	constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {
		this.#storage = storage;
	}

	get(source: CapturedSource): RememberedDevice | undefined {
		return this.#all()[source];
	}

	/** Remembers the choice; a device without a label (no permission yet) is not worth remembering. */
	set(source: CapturedSource, device: Pick<MediaDeviceInfo, 'deviceId' | 'label'> | undefined): void {
		if (!device || !device.label) return;
		try {
			this.#storage?.setItem(STORAGE_KEY, JSON.stringify({ ...this.#all(), [source]: { deviceId: device.deviceId, label: device.label } }));
		} catch {
			// Without storage the choice lasts until the app closes.
		}
	}

	#all(): Partial<Record<CapturedSource, RememberedDevice>> {
		try {
			const parsed: unknown = JSON.parse(this.#storage?.getItem(STORAGE_KEY) ?? '{}');
			return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<Record<CapturedSource, RememberedDevice>>) : {};
		} catch {
			return {};
		}
	}
}
