import { randomUUID } from 'node:crypto';
import type { DeviceAnswer, DeviceRequest } from '../shared/device-requests.js';

type ChoiceKind = 'bluetooth' | 'serial';

interface PendingChoice {
	kind: ChoiceKind;
	requestId: string;
	devices: Map<string, string>;
	/** Chromium's latest callback: '' cancels. */
	callback: (deviceId: string) => void;
	timer: ReturnType<typeof setTimeout>;
}

interface PendingPairing {
	requestId: string;
	pairingKind: 'confirm' | 'confirmPin' | 'providePin';
	callback: (response: { confirmed: boolean; pin?: string }) => void;
	timer: ReturnType<typeof setTimeout>;
}

export interface DeviceChooserOptions {
	/** Tells the renderer (webContents.send on DEVICE_REQUEST_CHANNEL). */
	send: (request: DeviceRequest) => void;
	/** A doctor who walked away does not leave Chromium waiting forever. */
	timeoutMs?: number;
	newId?: () => string;
}

/**
 * Answers Chromium's device questions with the doctor's choice. One choice
 * per kind at a time: a second request while one is open cancels the older.
 * Chromium's scan calls again and again with a growing list; the renderer
 * sees each list, and only a device that was offered can be chosen.
 */
export class DeviceChooser {
	readonly #send: DeviceChooserOptions['send'];
	readonly #timeoutMs: number;
	readonly #newId: () => string;
	readonly #choices = new Map<ChoiceKind, PendingChoice>();
	/** Names of Bluetooth devices seen while scanning: pairing requests carry only the id. */
	readonly #bluetoothNames = new Map<string, string>();
	#pairing: PendingPairing | undefined;

	constructor(options: DeviceChooserOptions) {
		this.#send = options.send;
		this.#timeoutMs = options.timeoutMs ?? 60_000;
		this.#newId = options.newId ?? randomUUID;
	}

	/** 'select-bluetooth-device' (call event.preventDefault() first) and 'select-serial-port'. */
	offer(kind: ChoiceKind, devices: { id: string; name: string }[], callback: (deviceId: string) => void): void {
		let pending = this.#choices.get(kind);
		if (!pending) {
			const requestId = this.#newId();
			pending = { kind, requestId, devices: new Map(), callback, timer: setTimeout(() => this.#finishChoice(kind, ''), this.#timeoutMs) };
			this.#choices.set(kind, pending);
		}
		pending.callback = callback;
		for (const device of devices) {
			pending.devices.set(device.id, device.name);
			if (kind === 'bluetooth') this.#bluetoothNames.set(device.id, device.name);
		}
		this.#sendChoice(pending);
	}

	/** 'serial-port-added' / 'serial-port-removed' while a choice is open. */
	serialPortChanged(port: { id: string; name: string }, present: boolean): void {
		const pending = this.#choices.get('serial');
		if (!pending) return;
		if (present) pending.devices.set(port.id, port.name);
		else pending.devices.delete(port.id);
		this.#sendChoice(pending);
	}

	/** setBluetoothPairingHandler: asks the doctor to confirm, or to type the PIN the device shows. */
	pair(details: { deviceId: string; pairingKind: PendingPairing['pairingKind']; pin?: string | undefined }, callback: PendingPairing['callback']): void {
		if (this.#pairing) this.#finishPairing({ confirmed: false });
		const requestId = this.#newId();
		this.#pairing = { requestId, pairingKind: details.pairingKind, callback, timer: setTimeout(() => this.#finishPairing({ confirmed: false }), this.#timeoutMs) };
		const deviceName = this.#bluetoothNames.get(details.deviceId) ?? details.deviceId;
		this.#send({ kind: 'pairing', requestId, deviceId: details.deviceId, deviceName, pairingKind: details.pairingKind, ...(details.pin ? { pin: details.pin } : {}) });
	}

	/** The doctor's answer; false when it answers nothing open or names a device that was not offered. */
	answer(answer: DeviceAnswer): boolean {
		const pairing = this.#pairing;
		if (pairing && pairing.requestId === answer.requestId) {
			if (pairing.pairingKind === 'providePin' && answer.confirmed && !answer.pin) return false;
			this.#finishPairing(answer.confirmed ? { confirmed: true, ...(answer.pin ? { pin: answer.pin } : {}) } : { confirmed: false });
			return true;
		}
		const pending = [...this.#choices.values()].find((c) => c.requestId === answer.requestId);
		if (!pending) return false;
		if (answer.deviceId && !pending.devices.has(answer.deviceId)) return false;
		this.#finishChoice(pending.kind, answer.deviceId ?? '');
		return true;
	}

	/** The page went away: cancel everything open. */
	cancelAll(): void {
		for (const kind of [...this.#choices.keys()]) this.#finishChoice(kind, '');
		if (this.#pairing) this.#finishPairing({ confirmed: false });
	}

	#sendChoice(pending: PendingChoice): void {
		this.#send({ kind: pending.kind, requestId: pending.requestId, devices: [...pending.devices].map(([id, name]) => ({ id, name })) });
	}

	#finishChoice(kind: ChoiceKind, deviceId: string): void {
		const pending = this.#choices.get(kind);
		if (!pending) return;
		this.#choices.delete(kind);
		clearTimeout(pending.timer);
		pending.callback(deviceId);
		this.#send({ kind: 'ended', requestId: pending.requestId });
	}

	#finishPairing(response: { confirmed: boolean; pin?: string }): void {
		const pairing = this.#pairing;
		if (!pairing) return;
		this.#pairing = undefined;
		clearTimeout(pairing.timer);
		pairing.callback(response);
		this.#send({ kind: 'ended', requestId: pairing.requestId });
	}
}
