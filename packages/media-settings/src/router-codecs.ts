/**
 * The codecs every consultation router offers. Opus is declared with two
 * channels, which is what lets the stethoscope producer negotiate stereo.
 */
export const ROUTER_MEDIA_CODECS = [
	{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48_000, channels: 2 },
	{ kind: 'video', mimeType: 'video/VP8', clockRate: 90_000, parameters: { 'x-google-start-bitrate': 1000 } },
] as const;
