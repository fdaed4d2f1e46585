import { z } from 'zod';
import { accountSchema, passwordSchema, usernameSchema } from './accounts.js';
import { consultationSchema, consultationStateSchema, patientSchema, transitionSchema } from './consultation-records.js';
import { ERROR_CODES } from './error-codes.js';
import { entityId } from './media-schemas.js';

/*
 * The HTTP API: sign-in and the records people read. Each route's body, query
 * and params are validated against these schemas by the server and its
 * answers by the app.
 */

/** Header carrying the protocol version the app speaks; an older one gets PROTOCOL_OUTDATED. */
export const PROTOCOL_HEADER = 'consultdesk-protocol';

export const signInRequestSchema = z.strictObject({ username: usernameSchema, password: passwordSchema });
export const refreshRequestSchema = z.strictObject({ refreshToken: z.string().min(16).max(256) });
export const signOutRequestSchema = refreshRequestSchema;

/** What sign-in and refresh answer: a short-lived access token and a single-use refresh token. */
export const sessionTokensSchema = z.object({
	accessToken: z.string(),
	/** ms since the epoch. */
	accessTokenExpiresAt: z.number(),
	refreshToken: z.string(),
	account: accountSchema,
	/** Minutes without input after which the app signs out by itself. */
	idleLogoutMinutes: z.number().positive(),
});
export type SessionTokens = z.infer<typeof sessionTokensSchema>;

/** The body of every HTTP error answer. */
export const httpErrorSchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });

export const historyQuerySchema = z.strictObject({
	state: consultationStateSchema.optional(),
	patientId: entityId.optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
	/** Paging: only consultations requested before this instant. */
	before: z.iso.datetime().optional(),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;

export const consultationListSchema = z.object({ consultations: z.array(consultationSchema) });
export const consultationDetailSchema = z.object({ consultation: consultationSchema, transitions: z.array(transitionSchema) });
export type ConsultationDetail = z.infer<typeof consultationDetailSchema>;
export const patientHistorySchema = z.object({ patient: patientSchema, consultations: z.array(consultationSchema) });
export type PatientHistory = z.infer<typeof patientHistorySchema>;
export const accountListSchema = z.object({ accounts: z.array(accountSchema) });
export const idParamsSchema = z.strictObject({ id: entityId });

/** Routes, so the app and tests build URLs from one place. */
export const HTTP_ROUTES = {
	signIn: '/api/auth/sign-in',
	refresh: '/api/auth/refresh',
	signOut: '/api/auth/sign-out',
	consultations: '/api/consultations',
	consultation: (id: string) => `/api/consultations/${encodeURIComponent(id)}`,
	/** A consultation's vitals as a FHIR R4 Bundle (application/fhir+json). */
	consultationFhir: (id: string) => `/api/consultations/${encodeURIComponent(id)}/fhir`,
	patientHistory: (id: string) => `/api/patients/${encodeURIComponent(id)}/history`,
	accounts: '/api/accounts',
	/** tus 1.0 resumable uploads of attachments; the upload id is the attachment's id. */
	attachmentUploads: '/api/v1/attachments/uploads',
	attachmentUpload: (id: string) => `/api/v1/attachments/uploads/${encodeURIComponent(id)}`,
	/** An attachment's record (JSON: { attachment }). */
	attachment: (id: string) => `/api/v1/attachments/${encodeURIComponent(id)}`,
	/** Its bytes, with their content type. */
	attachmentContent: (id: string) => `/api/v1/attachments/${encodeURIComponent(id)}/content`,
	health: '/health',
} as const;
