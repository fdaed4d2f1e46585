import { z } from 'zod';
import {
	consultationCodeSchema,
	dataSourceSchema,
	displayNameSchema,
	mediaSourceSchema,
	roleSchema,
} from './consultation.js';
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

/** A peer as the others see it. */
export const peerInfoSchema = z.object({
	peerId: entityId,
	role: roleSchema,
	displayName: displayNameSchema,
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
export const REQUESTS = {
	'room:join': {
		request: z.strictObject({
			consultationCode: consultationCodeSchema,
			role: roleSchema,
			displayName: displayNameSchema,
		}),
		response: z.object({
			peerId: entityId,
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
} as const;

export type RequestName = keyof typeof REQUESTS;
export type RequestPayload<E extends RequestName> = z.input<(typeof REQUESTS)[E]['request']>;
export type ParsedRequest<E extends RequestName> = z.output<(typeof REQUESTS)[E]['request']>;
export type ResponseData<E extends RequestName> = z.output<(typeof REQUESTS)[E]['response']>;

export const REQUEST_NAMES = Object.keys(REQUESTS) as RequestName[];

export function isRequestName(name: string): name is RequestName {
	return Object.hasOwn(REQUESTS, name);
}
