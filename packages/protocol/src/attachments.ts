import { z } from 'zod';
import { entityId } from './media-schemas.js';

/*
 * Attachments: files that belong to a consultation, made at the clinic (a
 * camera still, a stethoscope clip) or by an expert. Each has a UUID made
 * where it was captured and the SHA-256 of its bytes, so a resumed or
 * repeated upload is recognised and checked, and stored exactly once.
 */

export const attachmentKindSchema = z.enum(['still', 'stethoscope-clip']);
export type AttachmentKind = z.infer<typeof attachmentKindSchema>;

/** The content types each kind may have. */
export const ATTACHMENT_CONTENT_TYPES = {
	still: ['image/jpeg', 'image/png'],
	'stethoscope-clip': ['audio/wav'],
} as const satisfies Record<AttachmentKind, readonly string[]>;
export const attachmentContentTypeSchema = z.enum(['image/jpeg', 'image/png', 'audio/wav']);
export type AttachmentContentType = z.infer<typeof attachmentContentTypeSchema>;

/** Default size limits in bytes; the server's configuration may lower or raise them. */
export const ATTACHMENT_MAX_BYTES: Readonly<Record<AttachmentKind, number>> = { still: 25 * 1024 * 1024, 'stethoscope-clip': 60 * 1024 * 1024 };

export const CAPTION_MAX_LENGTH = 200;
export const BODY_SITE_MAX_LENGTH = 64;
export const attachmentSourceSchema = z.enum(['clinic', 'expert']);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lowercase hex digits');
const pixels = z.int().min(1).max(20_000);

/**
 * What the uploader says about the file, sent as the tus `attachment`
 * metadata value (JSON). The server checks the bytes against it: the hash,
 * the content type, and the width and height or the WAV format it measures.
 */
export const attachmentDeclarationSchema = z.strictObject({
	id: z.uuid(),
	consultationId: entityId,
	kind: attachmentKindSchema,
	contentType: attachmentContentTypeSchema,
	sha256: sha256Hex,
	byteLength: z.int().min(1),
	caption: z.string().trim().max(CAPTION_MAX_LENGTH).optional(),
	bodySite: z.string().trim().max(BODY_SITE_MAX_LENGTH).optional(),
	/** ms since the epoch, at the device. */
	capturedAt: z.number().int().min(0),
	width: pixels.optional(),
	height: pixels.optional(),
	sampleRate: z.int().min(1000).max(384_000).optional(),
	durationMs: z.int().min(1).optional(),
}).refine((d) => (ATTACHMENT_CONTENT_TYPES[d.kind] as readonly string[]).includes(d.contentType), {
	message: 'this content type is not allowed for this kind',
	path: ['contentType'],
});
export type AttachmentDeclaration = z.infer<typeof attachmentDeclarationSchema>;

/** The tus metadata key that carries the declaration. */
export const ATTACHMENT_METADATA_KEY = 'attachment';

/**
 * An attachment as readers see it. `pending`: the upload has started and the
 * bytes are on their way (the expert shows a marker); `stored`: checked and
 * kept. Width, height, sample rate and duration are what the server measured.
 */
export const attachmentSchema = z.object({
	id: z.uuid(),
	consultationId: entityId,
	kind: attachmentKindSchema,
	contentType: attachmentContentTypeSchema,
	state: z.enum(['pending', 'stored']),
	/** Of the bytes as the clinic captured them: the clinic checks its upload against it. */
	sha256: sha256Hex,
	byteLength: z.int().min(0),
	caption: z.string().optional(),
	bodySite: z.string().optional(),
	capturedAt: z.number(),
	source: attachmentSourceSchema,
	width: z.int().optional(),
	height: z.int().optional(),
	sampleRate: z.int().optional(),
	durationMs: z.int().optional(),
	/** ISO time; absent while pending. */
	storedAt: z.string().optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** An attachment of an earlier consultation of the same patient, for comparison. */
export const earlierAttachmentSchema = attachmentSchema.extend({ consultationRequestedAt: z.string() });
export type EarlierAttachment = z.infer<typeof earlierAttachmentSchema>;

export const attachmentAnswerSchema = z.object({ attachment: attachmentSchema });
