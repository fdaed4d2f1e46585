import { z } from 'zod';

/** Who sits at a terminal: the overseas clinic, or the home-hospital expert. */
export const roleSchema = z.enum(['clinic', 'expert']);
export type Role = z.infer<typeof roleSchema>;

/** What a media track carries; the expert's console lays tracks out by this. */
export const mediaSourceSchema = z.enum(['exam-video', 'voice', 'stethoscope']);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

/** What a data channel carries. */
export const dataSourceSchema = z.enum(['vitals']);
export type DataSource = z.infer<typeof dataSourceSchema>;

/** Which sources each role may send: clinical inputs come only from the clinic; the expert talks back. */
export const SOURCES_BY_ROLE: Readonly<Record<Role, readonly (MediaSource | DataSource)[]>> = {
	clinic: ['exam-video', 'voice', 'stethoscope', 'vitals'],
	expert: ['voice'],
};

/** Consultation codes are typed by people: short, unambiguous, case-insensitive. */
export const consultationCodeSchema = z
	.string()
	.trim()
	.regex(/^[A-Za-z0-9-]{3,32}$/, 'a consultation code is 3 to 32 letters, digits or dashes')
	.transform((s) => s.toUpperCase());

export const displayNameSchema = z.string().trim().min(1).max(64);
