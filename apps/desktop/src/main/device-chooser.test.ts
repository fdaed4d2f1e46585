import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceRequest } from '../shared/device-requests.js';
import { DeviceChooser } from './device-chooser.js';

function chooser() {
	const sent: DeviceRequest[] = [];
	let n = 0;
	const instance = new DeviceChooser({ send: (r) => sent.push(r), timeoutMs: 30_000, newId: () => `req-${++n}` });
	return { instance, sent };
}

afterEach(() => vi.useRealTimers());

describe('DeviceChooser', () => {
	it('shows every Bluetooth device found while scanning and connects the one the doctor picks, never the first', () => {
		const { instance, sent } = chooser();
		const callback = vi.fn();
		instance.offer('bluetooth', [{ id: 'aa', name: 'Nonin 3230' }], callback);
		const later = vi.fn();
		instance.offer('bluetooth', [{ id: 'aa', name: 'Nonin 3230' }, { id: 'bb', name: 'Omron BP7000' }], later);
		expect(callback).not.toHaveBeenCalled();
		expect(sent.at(-1)).toEqual({ kind: 'bluetooth', requestId: 'req-1', devices: [{ id: 'aa', name: 'Nonin 3230' }, { id: 'bb', name: 'Omron BP7000' }] });
		expect(instance.answer({ requestId: 'req-1', deviceId: 'zz' })).toBe(false);
		expect(instance.answer({ requestId: 'req-1', deviceId: 'bb' })).toBe(true);
		expect(later).toHaveBeenCalledWith('bb');
		expect(callback).not.toHaveBeenCalled();
		expect(sent.at(-1)).toEqual({ kind: 'ended', requestId: 'req-1' });
		expect(instance.answer({ requestId: 'req-1', deviceId: 'bb' })).toBe(false);
	});

	it('cancels when the doctor cancels, when nobody answers in time, and when the page goes away', () => {
		vi.useFakeTimers();
		const { instance } = chooser();
		const cancelled = vi.fn();
		instance.offer('serial', [{ id: 'COM3', name: 'Spirometer' }], cancelled);
		instance.answer({ requestId: 'req-1', deviceId: null });
		expect(cancelled).toHaveBeenCalledWith('');
		const forgotten = vi.fn();
		instance.offer('serial', [], forgotten);
		vi.advanceTimersByTime(30_000);
		expect(forgotten).toHaveBeenCalledWith('');
		const left = vi.fn();
		instance.offer('bluetooth', [], left);
		instance.cancelAll();
		expect(left).toHaveBeenCalledWith('');
	});

	it('follows serial ports plugged in and out while the choice is open', () => {
		const { instance, sent } = chooser();
		instance.offer('serial', [{ id: 'p1', name: 'Scale' }], vi.fn());
		instance.serialPortChanged({ id: 'p2', name: 'Thermometer dock' }, true);
		instance.serialPortChanged({ id: 'p1', name: 'Scale' }, false);
		expect(sent.at(-1)).toMatchObject({ kind: 'serial', devices: [{ id: 'p2', name: 'Thermometer dock' }] });
		expect(instance.answer({ requestId: 'req-1', deviceId: 'p1' })).toBe(false);
	});

	it('pairs only when the doctor confirms, and needs the PIN for a device that shows one', () => {
		const { instance, sent } = chooser();
		instance.offer('bluetooth', [{ id: 'aa', name: 'Nonin 3230' }], vi.fn());
		instance.answer({ requestId: 'req-1', deviceId: 'aa' });
		sent.length = 0;
		const confirm = vi.fn();
		instance.pair({ deviceId: 'aa', pairingKind: 'confirmPin', pin: '123456' }, confirm);
		expect(sent.at(-1)).toEqual({ kind: 'pairing', requestId: 'req-2', deviceId: 'aa', deviceName: 'Nonin 3230', pairingKind: 'confirmPin', pin: '123456' });
		instance.answer({ requestId: 'req-2', confirmed: true });
		expect(confirm).toHaveBeenCalledWith({ confirmed: true });
		const provide = vi.fn();
		instance.pair({ deviceId: 'bb', pairingKind: 'providePin' }, provide);
		expect(sent.at(-1)).toMatchObject({ deviceName: 'bb' });
		expect(instance.answer({ requestId: 'req-3', confirmed: true })).toBe(false);
		expect(instance.answer({ requestId: 'req-3', confirmed: true, pin: '0000' })).toBe(true);
		expect(provide).toHaveBeenCalledWith({ confirmed: true, pin: '0000' });
	});
});
