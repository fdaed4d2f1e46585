/**
 * How each clinical source is captured: getUserMedia constraints. The
 * package's "./capture" entry point, for the browser side only (the app's
 * renderer, the e2e pages): it uses DOM types, so it is type-checked by
 * tsconfig.capture.json, the one project here with the DOM library, and the
 * server may not import it (eslint.config.mjs, BROWSER_ONLY).
 */
import { SOURCE_SETTINGS, type CapturedSource } from './source-settings.js';

export const TRACK_CONSTRAINTS = {
	/*
	 * Heart and lung sounds live at 20–1000 Hz, where voice processing does
	 * harm. Measured here with Chromium: default processing removes 20–30 Hz
	 * and cuts 50 Hz by 22 dB; with all of it off the capture is flat to 20 Hz.
	 */
	stethoscope: {
		echoCancellation: false,
		noiseSuppression: false,
		autoGainControl: false,
		sampleRate: { ideal: 48_000 },
	},
	/** The clinic doctor's voice: normal speech processing. */
	voice: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
	/** The exam camera: detail matters more than smoothness. */
	'exam-video': { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } },
	/** The document camera: full HD at a few frames a second, so print stays legible. */
	document: { width: { ideal: 1920, max: 1920 }, height: { ideal: 1080, max: 1080 }, frameRate: { ideal: 5, max: 15 } },
} as const satisfies Record<CapturedSource, MediaTrackConstraints>;

/** getUserMedia constraints for one source on one chosen device. */
export function captureConstraints(source: CapturedSource, deviceId?: string): MediaStreamConstraints {
	const constraints: MediaTrackConstraints = TRACK_CONSTRAINTS[source];
	const track: MediaTrackConstraints = deviceId ? { ...constraints, deviceId: { exact: deviceId } } : { ...constraints };
	return SOURCE_SETTINGS[source].kind === 'audio' ? { audio: track, video: false } : { audio: false, video: track };
}
