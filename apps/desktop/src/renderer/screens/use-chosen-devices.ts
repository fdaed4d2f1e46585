import type { CapturedSource } from '@consultdesk/media-settings';
import { useCallback, useEffect, useState } from 'react';
import { DevicePreferences, rematchDevice } from '../consultation/device-preferences.js';
import { defaultStethoscope, listInputDevices, type InputDevices } from '../consultation/media-devices.js';

const preferences = new DevicePreferences();

type Chosen = Partial<Record<CapturedSource, string>>;

/**
 * The terminal's cameras and microphones, and which one each source uses:
 * the remembered choice (by id, then by label), else a sensible default. A
 * device plugged in or out (devicechange) is matched again; a choice made
 * here is remembered for the next consultation.
 */
export function useChosenDevices(): { devices: InputDevices | undefined; error: unknown; chosen: Chosen; choose: (source: CapturedSource, deviceId: string) => void } {
	const [devices, setDevices] = useState<InputDevices>();
	const [error, setError] = useState<unknown>();
	const [chosen, setChosen] = useState<Chosen>({});

	useEffect(() => {
		let current = true;
		const refresh = () =>
			listInputDevices({ video: true }).then((found) => {
				if (!current) return;
				setDevices(found);
				setChosen({
					'exam-video': rematchDevice(preferences.get('exam-video'), found.cameras) ?? found.cameras[0]?.deviceId,
					// The document camera is usually the second camera of the terminal.
					document: rematchDevice(preferences.get('document'), found.cameras) ?? (found.cameras[1] ?? found.cameras[0])?.deviceId,
					voice: rematchDevice(preferences.get('voice'), found.microphones) ?? found.microphones[0]?.deviceId,
					stethoscope: rematchDevice(preferences.get('stethoscope'), found.microphones) ?? defaultStethoscope(found.microphones)?.deviceId,
				});
			}, setError);
		void refresh();
		navigator.mediaDevices.addEventListener('devicechange', refresh);
		return () => {
			current = false;
			navigator.mediaDevices.removeEventListener('devicechange', refresh);
		};
	}, []);

	const choose = useCallback(
		(source: CapturedSource, deviceId: string) => {
			const list = source === 'exam-video' || source === 'document' ? devices?.cameras : devices?.microphones;
			preferences.set(source, list?.find((d) => d.deviceId === deviceId));
			setChosen((previous) => ({ ...previous, [source]: deviceId }));
		},
		[devices],
	);

	return { devices, error, chosen, choose };
}
