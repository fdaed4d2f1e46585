import { z } from 'zod';
import { dtlsParametersSchema, entityId, iceCandidateSchema, iceParametersSchema, rtpCapabilitiesSchema, rtpParametersSchema } from './media-schemas.js';

/*
 * The pre-consultation check's media test: the terminal sends a test video
 * stream to the SFU on a transport of its own (UDP preferred, or TCP only to
 * see whether a firewall leaves that path), and reads back what arrived. No
 * consultation, no other participant: it measures this terminal's path.
 */

export const CONNECTIVITY_CHECK_REQUESTS = {
	'check:start': {
		request: z.strictObject({ tcpOnly: z.boolean() }),
		response: z.object({
			routerRtpCapabilities: rtpCapabilitiesSchema,
			transportId: entityId,
			iceParameters: iceParametersSchema,
			iceCandidates: z.array(iceCandidateSchema),
			dtlsParameters: dtlsParametersSchema,
		}),
	},
	'check:connect': { request: z.strictObject({ transportId: entityId, dtlsParameters: dtlsParametersSchema }), response: z.object({}) },
	'check:produce': {
		request: z.strictObject({ transportId: entityId, kind: z.enum(['audio', 'video']), rtpParameters: rtpParametersSchema }),
		response: z.object({ producerId: entityId }),
	},
	/** What the SFU receives from the test stream: bits per second and the fraction of packets lost (0–1). */
	'check:stats': { request: z.strictObject({}), response: z.object({ receivedBitrate: z.number().nonnegative(), fractionLost: z.number().min(0).max(1) }) },
	'check:end': { request: z.strictObject({}), response: z.object({}) },
} as const;
