import { z } from 'zod';
import { entityId } from './media-schemas.js';

/** What an account is for; it decides every permission, never the client. */
export const accountRoleSchema = z.enum(['clinic-doctor', 'expert', 'admin']);
export type AccountRole = z.infer<typeof accountRoleSchema>;

/** Specialties a consultation can be requested in and an expert can cover. */
export const SPECIALTIES = ['cardiology', 'respiratory', 'paediatrics', 'general'] as const;
export const specialtySchema = z.enum(SPECIALTIES);
export type Specialty = z.infer<typeof specialtySchema>;

/** What an expert says about being reachable; 'offline' is derived from having no connection. */
export const presenceSchema = z.enum(['online', 'busy', 'away']);
export type Presence = z.infer<typeof presenceSchema>;
export const presenceStatusSchema = z.enum(['online', 'busy', 'away', 'offline']);
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

export const usernameSchema = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9._-]{2,64}$/, 'a user name is 2 to 64 letters, digits, dots, dashes or underscores');
/** Long enough to hold a passphrase, short enough that hashing it is no denial of service. */
export const passwordSchema = z.string().min(1).max(256);

export const clinicRefSchema = z.object({ clinicId: entityId, name: z.string() });
export type ClinicRef = z.infer<typeof clinicRefSchema>;

/** An account as its owner and the people working with it see it; never a secret. */
export const accountSchema = z.object({
	accountId: entityId,
	username: z.string(),
	displayName: z.string(),
	role: accountRoleSchema,
	/** The clinic a clinic doctor belongs to; absent for experts and admins. */
	clinic: clinicRefSchema.optional(),
	/** An expert's specialties; empty for everyone else. */
	specialties: z.array(specialtySchema),
	disabled: z.boolean(),
});
export type Account = z.infer<typeof accountSchema>;

/** An expert as colleagues see them, to invite or assign. */
export const expertSummarySchema = z.object({
	accountId: entityId,
	displayName: z.string(),
	specialties: z.array(specialtySchema),
	presence: presenceStatusSchema,
});
export type ExpertSummary = z.infer<typeof expertSummarySchema>;
