import { z } from 'zod';
import { expertSummarySchema, presenceSchema, specialtySchema } from './accounts.js';
import { AUSCULTATION_REQUESTS } from './auscultation.js';
import { CONNECTIVITY_CHECK_REQUESTS } from './connectivity-check.js';
import { dataSourceSchema, displayNameSchema, mediaSourceSchema, roleSchema } from './consultation.js';
import {
	clinicalTextSchema,
	consultationSchema,
	patientReferenceSchema,
	patientSchema,
	sexSchema,
	urgencySchema,
} from './consultation-records.js';
import {
	dtlsParametersSchema,
	entityId,
	iceCandidateSchema,
	iceParametersSchema,
	rtpCapabilitiesSchema,
	rtpParametersSchema,
	sctpParametersSchema,
	sctpStreamParametersSchema,
} from './media-schemas.js';
import { attachmentSchema, earlierAttachmentSchema } from './attachments.js';
import { earlierObservationSchema, vitalsObservationSchema } from './vitals-message.js';

/** A peer as the others see it. */
/**
 * Whether a seat's terminal is with us now. A seat whose connection dropped
 * is held for it while it reconnects ('reconnecting'); its media may be
 * frozen meanwhile.
 */
export const seatConnectionSchema = z.enum(['connected', 'reconnecting']);
export type SeatConnection = z.infer<typeof seatConnectionSchema>;

export const peerInfoSchema = z.object({
	peerId: entityId,
	role: roleSchema,
	displayName: displayNameSchema,
	connection: seatConnectionSchema,
});
export type PeerInfo = z.infer<typeof peerInfoSchema>;

/** A producer that can be consumed, as announced to the room. */
export const producerInfoSchema = z.object({
	producerId: entityId,
	peerId: entityId,
	kind: z.enum(['audio', 'video']),
	source: mediaSourceSchema,
});
export type ProducerInfo = z.infer<typeof producerInfoSchema>;

export const dataProducerInfoSchema = z.object({
	dataProducerId: entityId,
	peerId: entityId,
	source: dataSourceSchema,
});
export type DataProducerInfo = z.infer<typeof dataProducerInfoSchema>;

const empty = z.strictObject({});
/** Answers tolerate extra keys so an older app keeps working with a newer server. */
const done = z.object({});

/**
 * Every client→server request: its payload schema and the schema of the data
 * in a successful answer. Payloads are strict (unknown keys are an error);
 * the server parses each one before it touches it.
 */
const consultationRef = z.strictObject({ consultationId: entityId });
const oneConsultation = z.object({ consultation: consultationSchema });

/** Readings one observation:submit may carry: a clinic's backlog after a long cut drains in few requests. */
export const OBSERVATIONS_PER_SUBMIT = 100;

export const REQUESTS = {
	// Patients: clinic doctors, their own clinic only.
	'patient:register': {
		request: z.strictObject({
			reference: patientReferenceSchema,
			birthYear: z.int().min(1900).max(2100).optional(),
			sex: sexSchema.default('unknown'),
		}),
		response: z.object({ patient: patientSchema }),
	},
	'patient:list': { request: empty, response: z.object({ patients: z.array(patientSchema) }) },

	// The consultation lifecycle.
	'consultation:request': {
		request: z.strictObject({
			patientId: entityId,
			reason: clinicalTextSchema,
			specialty: specialtySchema,
			urgency: urgencySchema,
		}),
		response: oneConsultation,
	},
	'consultation:cancel': { request: consultationRef, response: oneConsultation },
	'consultation:accept': { request: consultationRef, response: oneConsultation },
	'consultation:invite': {
		request: z.strictObject({ consultationId: entityId, expertAccountId: entityId }),
		response: oneConsultation,
	},
	'consultation:end': {
		request: z.strictObject({ consultationId: entityId, summary: clinicalTextSchema }),
		response: oneConsultation,
	},
	/** Admins: give a waiting consultation to an expert. */
	'consultation:assign': {
		request: z.strictObject({ consultationId: entityId, expertAccountId: entityId }),
		response: oneConsultation,
	},
	/**
	 * The consultations that are not over and that this account should see: a
	 * clinic's own; an expert's queue (waiting, in their specialties) and their
	 * own; everything for an admin. Changes then arrive as consultation:updated.
	 */
	'consultation:list-open': { request: empty, response: z.object({ consultations: z.array(consultationSchema) }) },

	// People.
	'presence:set': { request: z.strictObject({ presence: presenceSchema }), response: done },
	'expert:list': { request: empty, response: z.object({ experts: z.array(expertSummarySchema) }) },
	/** Admins: disable an account; its connections are closed at once. */
	'account:disable': { request: z.strictObject({ accountId: entityId }), response: done },

	// Observations (vitals): the clinic's outbox submits; participants and admins read.
	/**
	 * A batch from the clinic's outbox. Idempotent: an observation whose id
	 * the server already holds is acknowledged again, never stored twice. The
	 * answer lists every id now stored; the outbox removes exactly those.
	 */
	'observation:submit': {
		request: z.strictObject({ consultationId: entityId, observations: z.array(vitalsObservationSchema).min(1).max(OBSERVATIONS_PER_SUBMIT) }),
		response: z.object({ acknowledged: z.array(z.uuid()) }),
	},
	/** Everything stored for a consultation, in device order: fills what the live channel missed. */
	'observation:list': {
		request: consultationRef,
		response: z.object({ observations: z.array(vitalsObservationSchema) }),
	},

	/** The patient's observations from consultations requested before this one (newest 2,000), for the trend. */
	'observation:earlier': {
		request: consultationRef,
		response: z.object({ observations: z.array(earlierObservationSchema) }),
	},

	// Attachments (stills, stethoscope clips): uploaded over HTTP (tus), listed and announced here.
	/** The consultation's attachments, stored and still on their way (pending), oldest first. */
	'attachment:list': {
		request: consultationRef,
		response: z.object({ attachments: z.array(attachmentSchema) }),
	},
	/** The patient's stored attachments from consultations requested before this one (newest 200), for comparison. */
	'attachment:earlier': {
		request: consultationRef,
		response: z.object({ attachments: z.array(earlierAttachmentSchema) }),
	},
	/** An expert asks the clinic of this consultation to take a photo; the clinic sees attachment:photo-requested. */
	'attachment:request-photo': {
		request: z.strictObject({ consultationId: entityId, note: z.string().trim().max(200).optional() }),
		response: done,
	},

	// The media room of an accepted or live consultation. Seat and name come from the account.
	'room:join': {
		request: z.strictObject({
			consultationId: entityId,
			/**
			 * The seat this terminal held before its connection dropped. If the
			 * server still holds it, the terminal gets it back with its transports,
			 * producers and consumers as they were (resumed: true); otherwise it gets
			 * a fresh seat and sets its media up again.
			 */
			resumePeerId: entityId.optional(),
		}),
		response: z.object({
			peerId: entityId,
			resumed: z.boolean(),
			role: roleSchema,
			consultationId: entityId,
			consultationCode: z.string(),
			routerRtpCapabilities: rtpCapabilitiesSchema,
			peers: z.array(peerInfoSchema),
			producers: z.array(producerInfoSchema),
			dataProducers: z.array(dataProducerInfoSchema),
		}),
	},
	'room:leave': { request: empty, response: done },
	'transport:create': {
		request: z.strictObject({ direction: z.enum(['send', 'recv']), sctp: z.boolean() }),
		response: z.object({
			transportId: entityId,
			iceParameters: iceParametersSchema,
			iceCandidates: z.array(iceCandidateSchema),
			dtlsParameters: dtlsParametersSchema,
			sctpParameters: sctpParametersSchema.optional(),
		}),
	},
	/** New ICE credentials for a transport whose path is gone (a cut link, a new address). */
	'transport:restartIce': {
		request: z.strictObject({ transportId: entityId }),
		response: z.object({ iceParameters: iceParametersSchema }),
	},
	'transport:connect': {
		request: z.strictObject({ transportId: entityId, dtlsParameters: dtlsParametersSchema }),
		response: done,
	},
	'producer:create': {
		request: z.strictObject({
			transportId: entityId,
			kind: z.enum(['audio', 'video']),
			rtpParameters: rtpParametersSchema,
			source: mediaSourceSchema,
		}),
		response: z.object({ producerId: entityId }),
	},
	'producer:close': { request: z.strictObject({ producerId: entityId }), response: done },
	'dataProducer:create': {
		request: z.strictObject({
			transportId: entityId,
			sctpStreamParameters: sctpStreamParametersSchema,
			label: z.string().max(64),
			protocol: z.string().max(64),
			source: dataSourceSchema,
		}),
		response: z.object({ dataProducerId: entityId }),
	},
	'consumer:create': {
		request: z.strictObject({
			transportId: entityId,
			producerId: entityId,
			rtpCapabilities: rtpCapabilitiesSchema,
		}),
		response: z.object({
			consumerId: entityId,
			producerId: entityId,
			kind: z.enum(['audio', 'video']),
			rtpParameters: rtpParametersSchema,
			source: mediaSourceSchema,
		}),
	},
	'consumer:resume': { request: z.strictObject({ consumerId: entityId }), response: done },
	/**
	 * Caps the size an expert receives of a simulcast video: 'auto' is the
	 * best the link carries; 'medium' and 'low' keep bandwidth for the sound
	 * on a poor downlink.
	 */
	'consumer:setQuality': { request: z.strictObject({ consumerId: entityId, quality: z.enum(['auto', 'medium', 'low']) }), response: done },
	'dataConsumer:create': {
		request: z.strictObject({ transportId: entityId, dataProducerId: entityId }),
		response: z.object({
			dataConsumerId: entityId,
			dataProducerId: entityId,
			sctpStreamParameters: sctpStreamParametersSchema,
			label: z.string(),
			protocol: z.string(),
			source: dataSourceSchema,
		}),
	},

	// Where the stethoscope is, in the room (auscultation.ts).
	...AUSCULTATION_REQUESTS,

	// The pre-consultation check (connectivity-check.ts).
	...CONNECTIVITY_CHECK_REQUESTS,
} as const;

export type RequestName = keyof typeof REQUESTS;
export type RequestPayload<E extends RequestName> = z.input<(typeof REQUESTS)[E]['request']>;
export type ParsedRequest<E extends RequestName> = z.output<(typeof REQUESTS)[E]['request']>;
export type ResponseData<E extends RequestName> = z.output<(typeof REQUESTS)[E]['response']>;

export const REQUEST_NAMES = Object.keys(REQUESTS) as RequestName[];

export function isRequestName(name: string): name is RequestName {
	return Object.hasOwn(REQUESTS, name);
}
