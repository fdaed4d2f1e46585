/**
 * How each clinical source is captured and encoded. One place, so the clinic
 * terminal, the tests and the benchmark cannot drift apart.
 */

/** The subset of mediasoup-client's ProducerCodecOptions we set. */
export interface OpusCodecOptions {
	opusStereo?: boolean;
	opusFec?: boolean;
	opusDtx?: boolean;
	opusMaxAverageBitrate?: number;
	opusPtime?: number;
}

export interface SourceSettings {
	kind: 'audio' | 'video';
	/** getUserMedia constraints, without the device choice. */
	constraints: MediaTrackConstraints;
	codecOptions?: OpusCodecOptions;
	/** Preferred codec mime type, matched against the router's capabilities. */
	preferredCodec: 'audio/opus' | 'video/VP8';
	/** What the network should protect first under congestion. */
	priority: RTCPriorityType;
	/** MediaStreamTrack.contentHint: 'detail' tells the encoder that text and edges matter. */
	contentHint?: 'detail' | 'motion' | 'text';
	/** RTCRtpSendParameters.degradationPreference: what gives way when bandwidth is short. */
	degradationPreference?: RTCDegradationPreference;
}

/*
 * Stethoscope: heart and lung sounds live at 20–1000 Hz, where voice processing
 * does harm. Measured here with Chromium: default processing removes 20–30 Hz
 * and cuts 50 Hz by 22 dB; mono Opus still cuts 20 Hz by 19 dB; with all
 * processing off and Opus in stereo (music) mode the path is flat to 20 Hz.
 * FEC stays on (lost packets are worse than a few kbit/s); DTX off, because
 * quiet heart sounds must not be gated away as silence.
 */
export const STETHOSCOPE: SourceSettings = {
	kind: 'audio',
	constraints: {
		echoCancellation: false,
		noiseSuppression: false,
		autoGainControl: false,
		sampleRate: { ideal: 48_000 },
	},
	codecOptions: { opusStereo: true, opusDtx: false, opusFec: true, opusMaxAverageBitrate: 128_000 },
	preferredCodec: 'audio/opus',
	priority: 'high',
};

/** The clinic doctor's voice: normal speech processing, DTX to save bandwidth. */
export const VOICE: SourceSettings = {
	kind: 'audio',
	constraints: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
	codecOptions: { opusStereo: false, opusDtx: true, opusFec: true },
	preferredCodec: 'audio/opus',
	priority: 'high',
};

/** The exam camera: detail matters more than smoothness. */
export const EXAM_VIDEO: SourceSettings = {
	kind: 'video',
	constraints: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } },
	preferredCodec: 'video/VP8',
	priority: 'medium',
};

/*
 * The document camera: a lab printout, an ECG strip or a prescription must
 * stay legible, so it asks for full HD at a few frames a second, marks the
 * track as detail and lets the frame rate, never the resolution, give way
 * on a slow link.
 */
export const DOCUMENT_VIDEO: SourceSettings = {
	kind: 'video',
	constraints: { width: { ideal: 1920, max: 1920 }, height: { ideal: 1080, max: 1080 }, frameRate: { ideal: 5, max: 15 } },
	preferredCodec: 'video/VP8',
	priority: 'medium',
	contentHint: 'detail',
	degradationPreference: 'maintain-resolution',
};

export const SOURCE_SETTINGS = {
	'exam-video': EXAM_VIDEO,
	document: DOCUMENT_VIDEO,
	voice: VOICE,
	stethoscope: STETHOSCOPE,
} as const satisfies Record<string, SourceSettings>;

export type CapturedSource = keyof typeof SOURCE_SETTINGS;

/** getUserMedia constraints for one source on one chosen device. */
export function captureConstraints(source: CapturedSource, deviceId?: string): MediaStreamConstraints {
	const settings = SOURCE_SETTINGS[source];
	const track: MediaTrackConstraints = deviceId
		? { ...settings.constraints, deviceId: { exact: deviceId } }
		: { ...settings.constraints };
	return settings.kind === 'audio' ? { audio: track, video: false } : { audio: false, video: track };
}
