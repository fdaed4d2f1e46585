import { describe, expect, it } from 'vitest';
import { DevicePreferences, rematchDevice } from './device-preferences.js';

const present = [
	{ deviceId: 'cam-1', label: 'HD Pro Webcam C920' },
	{ deviceId: 'usb-44', label: 'Thinklabs One Digital Stethoscope' },
];

describe('rematchDevice', () => {
	it('finds the remembered device by id, then by label when its id changed, else leaves the default', () => {
		expect(rematchDevice({ deviceId: 'usb-44', label: 'Thinklabs One Digital Stethoscope' }, present)).toBe('usb-44');
		expect(rematchDevice({ deviceId: 'usb-12', label: 'Thinklabs One Digital Stethoscope' }, present)).toBe('usb-44');
		expect(rematchDevice({ deviceId: 'usb-12', label: 'Eko CORE' }, present)).toBeUndefined();
		expect(rematchDevice(undefined, present)).toBeUndefined();
		expect(rematchDevice({ deviceId: 'x', label: '' }, [{ deviceId: 'y', label: '' }])).toBeUndefined();
	});
});

describe('DevicePreferences', () => {
	it('keeps each source’s device on the terminal and survives garbage in storage', () => {
		const store = new Map<string, string>();
		const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
		const preferences = new DevicePreferences(storage);
		preferences.set('stethoscope', present[1]);
		preferences.set('exam-video', { deviceId: 'no-label', label: '' });
		expect(new DevicePreferences(storage).get('stethoscope')).toEqual({ deviceId: 'usb-44', label: 'Thinklabs One Digital Stethoscope' });
		expect(new DevicePreferences(storage).get('exam-video')).toBeUndefined();
		store.set('consultdesk.devices', '{not json');
		expect(new DevicePreferences(storage).get('stethoscope')).toBeUndefined();
		expect(new DevicePreferences(undefined).get('voice')).toBeUndefined();
	});
});
