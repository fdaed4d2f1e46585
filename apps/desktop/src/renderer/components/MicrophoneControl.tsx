import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { captureSource, listInputDevices } from '../consultation/media-devices.js';
import { DevicePicker } from './DevicePicker.js';
import { LevelMeter } from './LevelMeter.js';

/** The expert's own microphone: off until asked for, then a mute toggle, so the expert can guide the clinic doctor. */
export function MicrophoneControl({ client, onError }: { client: ConsultationClient; onError: (error: unknown) => void }) {
	const [microphones, setMicrophones] = useState<MediaDeviceInfo[]>([]);
	const [deviceId, setDeviceId] = useState<string>();
	const [track, setTrack] = useState<MediaStreamTrack>();
	const [muted, setMuted] = useState(false);
	const owned = useRef<MediaStreamTrack>(undefined);
	const { t } = useTranslation();

	useEffect(() => () => owned.current?.stop(), []);

	async function turnOn(preferred: string | undefined): Promise<void> {
		try {
			const found = await listInputDevices({ video: false });
			setMicrophones(found.microphones);
			const chosen = preferred ?? found.microphones[0]?.deviceId;
			const next = await captureSource('voice', chosen);
			await client.send('voice', next);
			owned.current?.stop();
			owned.current = next;
			setDeviceId(chosen);
			setTrack(next);
		} catch (error) {
			onError(error);
		}
	}

	function toggleMute(): void {
		client.setPaused('voice', !muted);
		setMuted(!muted);
	}

	if (!track) {
		return (
			<button type="button" data-testid="microphone-on" onClick={() => void turnOn(deviceId)}>
				{t('media.microphone.on')}
			</button>
		);
	}
	return (
		<div className="microphone">
			{microphones.length > 1 && (
				<DevicePicker label={t('media.microphone.yours')} testId="pick-expert-voice" devices={microphones} value={deviceId} onChange={(id) => void turnOn(id)} />
			)}
			<button type="button" data-testid="microphone-mute" aria-pressed={muted} onClick={toggleMute}>
				{muted ? t('media.microphone.unmute') : t('media.microphone.mute')}
			</button>
			<LevelMeter track={muted ? undefined : track} label={t('media.microphone.yours')} testId="level-own-voice" />
		</div>
	);
}
