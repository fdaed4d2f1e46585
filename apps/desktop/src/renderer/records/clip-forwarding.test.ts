import { attachmentDeclarationSchema } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { clipAttachment, forwardClipsTo } from './clip-forwarding.js';

const clip = {
	blob: new Blob([new Uint8Array(44)], { type: 'audio/wav' }),
	metadata: {
		clipId: '0b7d8a1e-4a0f-4c3e-9c51-2f1f7f0c2a11',
		consultationId: 'c0ffee00-0000-4000-8000-000000000001',
		patientReference: 'KC-0001',
		site: 'mitral' as const,
		startedAt: '2026-11-23T03:00:00.000Z',
		durationMs: 12_000,
		source: 'clinic' as const,
		path: 'raw-input' as const,
		sampleRate: 48_000 as const,
		deviceSampleRate: 44_100,
		channels: 1,
	},
};

describe('clip forwarding', () => {
	it('declares a clip as a stethoscope WAV under its own id, with its site and format', () => {
		const { blob, ...declared } = clipAttachment(clip);
		expect(blob).toBe(clip.blob);
		expect(declared).toEqual({
			id: clip.metadata.clipId,
			consultationId: clip.metadata.consultationId,
			kind: 'stethoscope-clip',
			contentType: 'audio/wav',
			bodySite: 'mitral',
			capturedAt: Date.parse('2026-11-23T03:00:00.000Z'),
			sampleRate: 48_000,
			durationMs: 12_000,
		});
		// What the outbox adds (hash, size) completes a declaration the server accepts.
		expect(attachmentDeclarationSchema.safeParse({ ...declared, sha256: 'a'.repeat(64), byteLength: 44 }).success).toBe(true);
	});

	it('leaves the body site out when none was marked, and reports a clip the outbox could not keep', async () => {
		expect(clipAttachment({ ...clip, metadata: { ...clip.metadata, site: null } })).not.toHaveProperty('bodySite');
		const errors: unknown[] = [];
		forwardClipsTo({ add: () => Promise.reject(new Error('quota')) }, (e) => errors.push(e))(clip);
		await new Promise((r) => setTimeout(r, 0));
		expect(errors).toHaveLength(1);
	});
});
