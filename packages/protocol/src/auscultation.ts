import { z } from 'zod';
import { patientReferenceSchema } from './consultation-records.js';
import { entityId } from './media-schemas.js';

/*
 * Where the stethoscope's chest piece is: the clinic doctor marks it on a
 * body diagram, the expert sees it live and may ask for another. One list of
 * codes, so the diagram, the server and recorded clips cannot disagree.
 */

/** The classic cardiac auscultation points. */
export const CARDIAC_SITES = ['aortic', 'pulmonic', 'erbs-point', 'tricuspid', 'mitral'] as const;

/** Lung fields: anterior or posterior chest, left or right, upper, middle or lower. */
export const LUNG_SITES = [
	'lung-anterior-left-upper',
	'lung-anterior-left-middle',
	'lung-anterior-left-lower',
	'lung-anterior-right-upper',
	'lung-anterior-right-middle',
	'lung-anterior-right-lower',
	'lung-posterior-left-upper',
	'lung-posterior-left-middle',
	'lung-posterior-left-lower',
	'lung-posterior-right-upper',
	'lung-posterior-right-middle',
	'lung-posterior-right-lower',
] as const;

export const auscultationSiteSchema = z.enum([...CARDIAC_SITES, ...LUNG_SITES]);
export type AuscultationSite = z.infer<typeof auscultationSiteSchema>;
export const AUSCULTATION_SITES: readonly AuscultationSite[] = auscultationSiteSchema.options;

/** Which side of the body diagram a site is drawn on. */
export function siteView(site: AuscultationSite): 'anterior' | 'posterior' {
	return site.startsWith('lung-posterior') ? 'posterior' : 'anterior';
}

/**
 * What the room holds about auscultation, so a late joiner sees it at once:
 * the site the clinic marked (null: none yet, or cleared) and the last site an
 * expert asked for.
 */
export const auscultationStateSchema = z.object({
	site: auscultationSiteSchema.nullable(),
	/** When the site was last set, ms since the epoch (server clock). */
	siteSetAt: z.number().int().nonnegative().nullable(),
	requested: z
		.object({
			site: auscultationSiteSchema,
			byPeerId: entityId,
			byDisplayName: z.string().max(64),
			at: z.number().int().nonnegative(),
		})
		.nullable(),
});
export type AuscultationState = z.infer<typeof auscultationStateSchema>;

export const EMPTY_AUSCULTATION_STATE: AuscultationState = { site: null, siteSetAt: null, requested: null };

/** Requests of a peer in a consultation's room (see requests.ts). */
export const AUSCULTATION_REQUESTS = {
	/** The clinic seat marks where the chest piece is now (null: lifted off). */
	'auscultation:site': {
		request: z.strictObject({ site: auscultationSiteSchema.nullable() }),
		response: z.object({ state: auscultationStateSchema }),
	},
	/** An expert seat asks the clinic to move the chest piece to a site. */
	'auscultation:requestSite': {
		request: z.strictObject({ site: auscultationSiteSchema }),
		response: z.object({ state: auscultationStateSchema }),
	},
	/** Any seat: what the room holds now (a late joiner's first look). */
	'auscultation:state': {
		request: z.strictObject({}),
		response: z.object({ state: auscultationStateSchema }),
	},
} as const;

/** Notifications to the other peers of the same room only. */
export const AUSCULTATION_NOTIFICATIONS = {
	/** The room's auscultation state changed (the site, or an expert's request). */
	'auscultation:changed': auscultationStateSchema,
} as const;

/**
 * A recorded stethoscope clip's label: where and when, in which consultation,
 * of which patient, and which path it took. Travels inside the WAV file (its
 * LIST/INFO comment) and beside it when the clip is forwarded.
 */
export const clipMetadataSchema = z.strictObject({
	clipId: z.uuid(),
	consultationId: entityId,
	/** The clinic's own patient reference (e.g. KC-0001), never a name. */
	patientReference: patientReferenceSchema,
	site: auscultationSiteSchema.nullable(),
	/** When recording started, ISO 8601 (the recording terminal's clock). */
	startedAt: z.iso.datetime(),
	durationMs: z.int().nonnegative().max(10 * 60_000),
	/** Who recorded it: the clinic from the raw input, or an expert from what reached them. */
	source: z.enum(['clinic', 'expert']),
	/** raw-input: lossless from the stethoscope itself; opus-received: after the Opus stream (an expert's recording). */
	path: z.enum(['raw-input', 'opus-received']),
	/** The file's rate (always 48 kHz). */
	sampleRate: z.literal(48_000),
	/** The input device's own rate (8, 16, 44.1 or 48 kHz); null when the browser does not say. */
	deviceSampleRate: z.int().positive().max(384_000).nullable(),
	channels: z.int().min(1).max(2),
});
export type ClipMetadata = z.infer<typeof clipMetadataSchema>;
