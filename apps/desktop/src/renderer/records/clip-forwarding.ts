import type { AttachmentDeclaration } from '@consultdesk/protocol';
import type { RecordedClip } from '../auscultation/clip-recorder.js';
import type { NewAttachment } from './attachment-outbox.js';

/**
 * What the attachment outbox is told about a recorded stethoscope clip: its
 * own id (so a clip is stored once however often it is sent), the site as the
 * body site, and the WAV's format, which the server checks against the bytes.
 * The full label (device rate, path) travels inside the file's LIST/INFO.
 */
export function clipAttachment({ blob, metadata }: RecordedClip): NewAttachment {
	return {
		id: metadata.clipId,
		blob,
		consultationId: metadata.consultationId,
		kind: 'stethoscope-clip',
		contentType: 'audio/wav',
		...(metadata.site ? { bodySite: metadata.site } : {}),
		capturedAt: Date.parse(metadata.startedAt),
		sampleRate: metadata.sampleRate,
		durationMs: Math.max(1, metadata.durationMs),
	};
}

/** The part of the attachment outbox clips go through. */
export interface ClipOutbox {
	add(input: NewAttachment): Promise<AttachmentDeclaration>;
}

/** Keeps each clip the clinic records in its outbox, to reach the server exactly once. */
export function forwardClipsTo(outbox: ClipOutbox, onError: (error: unknown) => void): (clip: RecordedClip) => void {
	return (clip) => void outbox.add(clipAttachment(clip)).catch(onError);
}
