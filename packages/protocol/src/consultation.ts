import { z } from 'zod';

/**
 * A seat in a consultation's media room: the overseas clinic, a home-hospital
 * expert, or an admin observing. It comes from the account and the
 * consultation record, never from the client.
 */
export const roleSchema = z.enum(['clinic', 'expert', 'observer']);
export type Role = z.infer<typeof roleSchema>;

/** What a media track carries; the expert's console lays tracks out by this. 'document': the clinic's document camera. */
export const mediaSourceSchema = z.enum(['exam-video', 'document', 'voice', 'stethoscope']);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

/** What a data channel carries. */
export const dataSourceSchema = z.enum(['vitals']);
export type DataSource = z.infer<typeof dataSourceSchema>;

export const displayNameSchema = z.string().trim().min(1).max(64);
