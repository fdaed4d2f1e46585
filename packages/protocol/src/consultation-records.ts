import { z } from 'zod';
import { clinicRefSchema, specialtySchema } from './accounts.js';
import { entityId } from './media-schemas.js';

/*
 * A consultation as a record: who asked for it, about which patient, in what
 * state. The media room (consultation.ts, requests.ts) is where it happens.
 */

export const CONSULTATION_STATES = ['requested', 'accepted', 'live', 'ended', 'cancelled', 'expired'] as const;
export const consultationStateSchema = z.enum(CONSULTATION_STATES);
export type ConsultationState = z.infer<typeof consultationStateSchema>;

/** States in which nothing can happen any more. */
export const FINAL_STATES: readonly ConsultationState[] = ['ended', 'cancelled', 'expired'];

/** Ordered most urgent first; queues sort by this, then by age. */
export const URGENCIES = ['emergency', 'urgent', 'routine'] as const;
export const urgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof urgencySchema>;

/**
 * A clinic-local, pseudonymous patient reference (the clinic's own file
 * number, say). A patient's name never leaves the clinic terminal.
 */
export const patientReferenceSchema = z
	.string()
	.trim()
	.regex(/^[\p{L}\p{N}][\p{L}\p{N} ./_-]{0,39}$/u, 'a patient reference is 1 to 40 letters, digits, spaces, dots, slashes, dashes or underscores');

export const sexSchema = z.enum(['female', 'male', 'other', 'unknown']);
export type Sex = z.infer<typeof sexSchema>;

export const patientSchema = z.object({
	patientId: entityId,
	clinicId: entityId,
	reference: z.string(),
	birthYear: z.int().min(1900).max(2100).optional(),
	sex: sexSchema,
	createdAt: z.iso.datetime(),
});
export type Patient = z.infer<typeof patientSchema>;

export const participantSchema = z.object({
	accountId: entityId,
	displayName: z.string(),
	/** The expert who accepted (or was assigned), or a second one who was invited. */
	role: z.enum(['lead', 'invited']),
});
export type Participant = z.infer<typeof participantSchema>;

/** How long a reason or a summary may be; the forms stop typing there too. */
export const CLINICAL_TEXT_MAX_LENGTH = 2000;

/** Free text a clinician writes; medical data, so never logged. */
export const clinicalTextSchema = z.string().trim().min(1).max(CLINICAL_TEXT_MAX_LENGTH);

export const consultationSchema = z.object({
	consultationId: entityId,
	/** Short code people read out on the phone, e.g. "KC-7F3K". */
	code: z.string(),
	state: consultationStateSchema,
	urgency: urgencySchema,
	specialty: specialtySchema,
	reason: z.string(),
	clinic: clinicRefSchema,
	patient: z.object({ patientId: entityId, reference: z.string() }),
	requestedBy: z.object({ accountId: entityId, displayName: z.string() }),
	experts: z.array(participantSchema),
	requestedAt: z.iso.datetime(),
	/** When a request nobody accepted expires. */
	expiresAt: z.iso.datetime().optional(),
	acceptedAt: z.iso.datetime().optional(),
	startedAt: z.iso.datetime().optional(),
	endedAt: z.iso.datetime().optional(),
	/** The expert's summary note, once ended. */
	summary: z.string().optional(),
});
export type Consultation = z.infer<typeof consultationSchema>;

/** One step of a consultation's life, with who took it and when. */
export const transitionSchema = z.object({
	from: consultationStateSchema.nullable(),
	to: consultationStateSchema,
	at: z.iso.datetime(),
	by: z.object({ accountId: entityId, displayName: z.string() }).nullable(),
});
export type Transition = z.infer<typeof transitionSchema>;

/** Queue order: most urgent first, then the longest waiting. */
export function compareQueueOrder(a: Pick<Consultation, 'urgency' | 'requestedAt'>, b: Pick<Consultation, 'urgency' | 'requestedAt'>): number {
	return URGENCIES.indexOf(a.urgency) - URGENCIES.indexOf(b.urgency) || a.requestedAt.localeCompare(b.requestedAt);
}
