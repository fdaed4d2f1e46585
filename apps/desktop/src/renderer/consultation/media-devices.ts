import type { CapturedSource } from '@consultdesk/media-settings';
import { captureConstraints } from '@consultdesk/media-settings/capture';

export interface InputDevices {
	cameras: MediaDeviceInfo[];
	microphones: MediaDeviceInfo[];
}

/**
 * Lists cameras and microphones with their labels. Labels are only visible
 * after the user has granted access once, so this asks for it first (for the
 * camera only where one is wanted: an expert's desk may have none).
 */
export async function listInputDevices(
	wanted: { video: boolean } = { video: true },
	mediaDevices: MediaDevices = navigator.mediaDevices,
): Promise<InputDevices> {
	const probe = await mediaDevices.getUserMedia({ audio: true, video: wanted.video });
	for (const track of probe.getTracks()) track.stop();
	const devices = await mediaDevices.enumerateDevices();
	return {
		cameras: devices.filter((d) => d.kind === 'videoinput'),
		microphones: devices.filter((d) => d.kind === 'audioinput'),
	};
}

/** A stethoscope is usually the second audio input; fall back to the only one. */
export function defaultStethoscope(microphones: MediaDeviceInfo[]): MediaDeviceInfo | undefined {
	return microphones.find((m) => /steth/i.test(m.label)) ?? microphones[1] ?? microphones[0];
}

/** Captures one source from one device with that source's settings. */
export async function captureSource(
	source: CapturedSource,
	deviceId: string | undefined,
	mediaDevices: MediaDevices = navigator.mediaDevices,
): Promise<MediaStreamTrack> {
	const stream = await mediaDevices.getUserMedia(captureConstraints(source, deviceId));
	const [track] = stream.getTracks();
	if (!track) throw new DOMException(`no ${source} track`, 'NotFoundError');
	return track;
}
