import type { ClipMetadata } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { decodeClipWav, encodeClipWav } from './wav-clip.js';

const metadata: ClipMetadata = {
	clipId: '0b6c0c52-8a55-4b43-9d8e-5c2f1f0f3a11',
	consultationId: '6f1d0c0e-2f0a-4c1c-9f2e-0d7c5b9a1e22',
	patientReference: 'KC-0001',
	site: 'mitral',
	startedAt: '2026-11-23T03:00:00.000Z',
	durationMs: 1000,
	source: 'clinic',
	path: 'raw-input',
	sampleRate: 48_000,
	deviceSampleRate: 44_100,
	channels: 1,
};

describe('clip WAV files', () => {
	it('keeps every float sample and the label, with the device rate, through a round trip', () => {
		const samples = Float32Array.from({ length: 48_000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 50 * i) / 48_000) + 1e-7 * i);
		const bytes = encodeClipWav([samples], metadata);
		// RIFF/WAVE with a 48 kHz IEEE-float fmt chunk.
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('RIFF');
		expect(view.getUint16(20, true)).toBe(3);
		expect(view.getUint32(24, true)).toBe(48_000);
		const decoded = decodeClipWav(bytes);
		expect(decoded.sampleRate).toBe(48_000);
		expect(decoded.metadata).toEqual(metadata);
		expect(decoded.channels[0]).toEqual(samples);
	});

	it('keeps two channels apart', () => {
		const left = Float32Array.from([0.1, 0.2, 0.3]);
		const right = Float32Array.from([-0.1, -0.2, -0.3]);
		const decoded = decodeClipWav(encodeClipWav([left, right], { ...metadata, channels: 2 }));
		expect(decoded.channels).toEqual([left, right]);
	});

	it('refuses a file that is not a labelled clip', () => {
		expect(() => decodeClipWav(new Uint8Array([1, 2, 3]))).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
	});
});
