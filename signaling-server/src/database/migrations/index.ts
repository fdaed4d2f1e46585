import type { Migration } from 'kysely';
import * as accountsAndConsultations from './0001-accounts-and-consultations.js';
import * as observations from './0002-observations.js';
import * as attachments from './0003-attachments.js';

/**
 * Every migration, in order. Numbered names sort as they must run; a step is
 * never edited once released, only followed by a new one (observations,
 * recordings and attachments come as 0002 and later with their issues).
 */
export const MIGRATIONS: Record<string, Migration> = {
	'0001-accounts-and-consultations': accountsAndConsultations,
	'0002-observations': observations,
	'0003-attachments': attachments,
};
