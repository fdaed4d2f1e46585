/**
 * How each clinical source is encoded and prioritised. One place, so the
 * clinic terminal, the server, the tests and the benchmark cannot drift
 * apart. Runs anywhere (ES only, no DOM types): how each source is captured
 * (getUserMedia constraints, DOM types) is in capture.ts, the package's
 * "./capture" entry point, for the browser side only.
 */

/** The subset of mediasoup-client's ProducerCodecOptions we set. */
export interface OpusCodecOptions {
	opusStereo?: boolean;
	opusFec?: boolean;
	opusDtx?: boolean;
	opusMaxAverageBitrate?: number;
	opusPtime?: number;
}

/** WebRTC's RTCPriorityType, spelt out so this file needs no DOM types. */
export type MediaPriority = 'very-low' | 'low' | 'medium' | 'high';

export interface SourceSettings {
	kind: 'audio' | 'video';
	codecOptions?: OpusCodecOptions;
	/** Preferred codec mime type, matched against the router's capabilities. */
	preferredCodec: 'audio/opus' | 'video/VP8';
	/** What the network should protect first under congestion. */
	priority: MediaPriority;
}

/*
 * Stethoscope: heart and lung sounds live at 20–1000 Hz. Measured here with
 * Chromium: mono Opus cuts 20 Hz by 19 dB; in stereo (music) mode, with the
 * capture's voice processing off (capture.ts), the path is flat to 20 Hz.
 * FEC stays on (lost packets are worse than a few kbit/s); DTX off, because
 * quiet heart sounds must not be gated away as silence.
 */
export const STETHOSCOPE: SourceSettings = {
	kind: 'audio',
	codecOptions: { opusStereo: true, opusDtx: false, opusFec: true, opusMaxAverageBitrate: 128_000 },
	preferredCodec: 'audio/opus',
	priority: 'high',
};

/** The clinic doctor's voice: normal speech processing, DTX to save bandwidth. */
export const VOICE: SourceSettings = {
	kind: 'audio',
	codecOptions: { opusStereo: false, opusDtx: true, opusFec: true },
	preferredCodec: 'audio/opus',
	priority: 'high',
};

/** The exam camera: detail matters more than smoothness. */
export const EXAM_VIDEO: SourceSettings = {
	kind: 'video',
	preferredCodec: 'video/VP8',
	priority: 'medium',
};

export const SOURCE_SETTINGS = {
	'exam-video': EXAM_VIDEO,
	voice: VOICE,
	stethoscope: STETHOSCOPE,
} as const satisfies Record<string, SourceSettings>;

export type CapturedSource = keyof typeof SOURCE_SETTINGS;
