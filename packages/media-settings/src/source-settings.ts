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
export type SendPriority = 'very-low' | 'low' | 'medium' | 'high';

/** One encoding (a simulcast layer, or the only one) as the sender sets it up. */
export interface SendEncoding {
	/** Downscaling from the captured size: 4 is a quarter of the width and height. */
	scaleResolutionDownBy?: number;
	maxBitrate?: number;
	maxFramerate?: number;
	/** Temporal layers within the encoding, so the SFU can also halve the frame rate. */
	scalabilityMode?: string;
	/** Share of the sender's bandwidth under congestion. */
	priority: SendPriority;
	/** DSCP marking of the packets, for networks that honour it. */
	networkPriority: SendPriority;
}

export interface SourceSettings {
	kind: 'audio' | 'video';
	codecOptions?: OpusCodecOptions;
	/** Preferred codec mime type, matched against the router's capabilities. */
	preferredCodec: 'audio/opus' | 'video/VP8';
	/** The encodings sent: one for audio, the simulcast layers for video, lowest first. */
	encodings: SendEncoding[];
	/**
	 * mediasoup consumer priority (1–255) at the SFU: when an expert's
	 * downlink cannot carry everything, higher ones get bandwidth first.
	 */
	consumerPriority: number;
	/** MediaStreamTrack.contentHint: 'detail' tells the encoder that text and edges matter. */
	contentHint?: 'detail' | 'motion' | 'text';
	/** RTCRtpSendParameters.degradationPreference (spelt out, no DOM types): what gives way when bandwidth is short. */
	degradationPreference?: 'maintain-resolution' | 'maintain-framerate' | 'balanced';
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
	// Never starved by video: the stethoscope is why the clinic calls.
	encodings: [{ priority: 'high', networkPriority: 'high' }],
	consumerPriority: 255,
};

/** The clinic doctor's voice: normal speech processing, DTX to save bandwidth. */
export const VOICE: SourceSettings = {
	kind: 'audio',
	codecOptions: { opusStereo: false, opusDtx: true, opusFec: true },
	preferredCodec: 'audio/opus',
	encodings: [{ priority: 'high', networkPriority: 'high' }],
	consumerPriority: 200,
};

/**
 * The exam camera: detail matters more than smoothness. Simulcast in three
 * sizes, each with three temporal layers, so the SFU can give each expert the
 * size and frame rate their link carries; on a clinic uplink of a few hundred
 * kbit/s the browser sends only the layers that fit after the audio, lowest
 * first, and pauses video before it would take from the stethoscope.
 */
export const EXAM_VIDEO: SourceSettings = {
	kind: 'video',
	preferredCodec: 'video/VP8',
	encodings: [
		{ scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3', priority: 'low', networkPriority: 'low' },
		{ scaleResolutionDownBy: 2, maxBitrate: 450_000, scalabilityMode: 'L1T3', priority: 'low', networkPriority: 'low' },
		{ scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3', priority: 'low', networkPriority: 'low' },
	],
	consumerPriority: 1,
};

/*
 * The document camera: a lab printout, an ECG strip or a prescription must
 * stay legible, so it is captured at full HD at a few frames a second
 * (capture.ts), sent as one full-size encoding marked as detail, and lets the
 * frame rate, never the resolution, give way on a slow link. Below the
 * stethoscope and voice like the exam camera, just above it at the SFU.
 */
export const DOCUMENT_VIDEO: SourceSettings = {
	kind: 'video',
	preferredCodec: 'video/VP8',
	encodings: [{ maxBitrate: 1_500_000, maxFramerate: 15, priority: 'low', networkPriority: 'low' }],
	consumerPriority: 2,
	contentHint: 'detail',
	degradationPreference: 'maintain-resolution',
};

/**
 * The encodings to send for a capture of this width. A small camera cannot
 * fill three simulcast sizes (Chromium sends only one layer below about 480
 * pixels wide, two below about 960), so it gets the top layers only, each
 * at half the size of the next: a 320-pixel camera is sent at 320, not 80.
 */
export function sendEncodings(settings: SourceSettings, captureWidth: number | undefined): SendEncoding[] {
	if (settings.kind === 'audio' || settings.encodings.length === 1) return settings.encodings.map((e) => ({ ...e }));
	const fitting = captureWidth === undefined || captureWidth >= 960 ? 3 : captureWidth >= 480 ? 2 : 1;
	const layers = settings.encodings.slice(-Math.min(fitting, settings.encodings.length));
	return layers.map((e, i) => ({ ...e, scaleResolutionDownBy: 2 ** (layers.length - 1 - i) }));
}

/** Caps an expert may pin on a simulcast video: the highest spatial layer it receives. */
export const VIDEO_QUALITY_LAYERS = { auto: 2, medium: 1, low: 0 } as const;
export type VideoQuality = keyof typeof VIDEO_QUALITY_LAYERS;

export const SOURCE_SETTINGS = {
	'exam-video': EXAM_VIDEO,
	document: DOCUMENT_VIDEO,
	voice: VOICE,
	stethoscope: STETHOSCOPE,
} as const satisfies Record<string, SourceSettings>;

export type CapturedSource = keyof typeof SOURCE_SETTINGS;
