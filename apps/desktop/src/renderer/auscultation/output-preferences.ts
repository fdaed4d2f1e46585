import { rematchDevice, type RememberedDevice } from '../consultation/device-preferences.js';

const OUTPUT_KEY = 'consultdesk.stethoscope-output';
const CHECKED_KEY = 'consultdesk.headphone-checks';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function read<T>(storage: Store | undefined, key: string, fallback: T): T {
	try {
		const parsed: unknown = JSON.parse(storage?.getItem(key) ?? 'null');
		const sameShape = Array.isArray(parsed) === Array.isArray(fallback) && typeof parsed === typeof fallback;
		return parsed === null || !sameShape ? fallback : (parsed as T);
	} catch {
		return fallback;
	}
}

function write(storage: Store | undefined, key: string, value: unknown): void {
	try {
		storage?.setItem(key, JSON.stringify(value));
	} catch {
		// Without storage the choice lasts until the app closes.
	}
}

/** How a device is known across sessions: its label when it has one (ids change on some systems), else its id. */
const deviceKey = (device: Pick<MediaDeviceInfo, 'deviceId' | 'label'>) => (device.label ? `label:${device.label}` : `id:${device.deviceId}`);

/**
 * The expert's stethoscope output: which device it plays on (wired
 * headphones, not the laptop's speakers) and on which devices the expert has
 * confirmed hearing the headphone check. Kept on this computer.
 */
export class OutputPreferences {
	readonly #storage: Store | undefined;

	constructor(storage: Store | undefined = globalThis.localStorage) {
		this.#storage = storage;
	}

	/** The remembered output among those present (by id, then label); '' (the system default) otherwise. */
	chosen(present: readonly Pick<MediaDeviceInfo, 'deviceId' | 'label'>[]): string {
		const remembered = read<Partial<RememberedDevice>>(this.#storage, OUTPUT_KEY, {});
		if (typeof remembered.deviceId !== 'string' || typeof remembered.label !== 'string') return '';
		return rematchDevice({ deviceId: remembered.deviceId, label: remembered.label }, present) ?? '';
	}

	choose(device: Pick<MediaDeviceInfo, 'deviceId' | 'label'>): void {
		write(this.#storage, OUTPUT_KEY, { deviceId: device.deviceId, label: device.label });
	}

	/** Whether the expert confirmed hearing the check's sweep on this device. */
	checked(device: Pick<MediaDeviceInfo, 'deviceId' | 'label'>): boolean {
		return read<string[]>(this.#storage, CHECKED_KEY, []).includes(deviceKey(device));
	}

	confirmHeard(device: Pick<MediaDeviceInfo, 'deviceId' | 'label'>): void {
		const checked = read<string[]>(this.#storage, CHECKED_KEY, []);
		if (!checked.includes(deviceKey(device))) write(this.#storage, CHECKED_KEY, [...checked, deviceKey(device)]);
	}
}

/** Whether this browser can send an audio element to a chosen output (Chromium: yes). */
export const canChooseOutput = (): boolean => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
