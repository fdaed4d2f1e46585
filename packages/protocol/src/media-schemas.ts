import { z } from 'zod';

/*
 * Shapes of the mediasoup parameters that cross the wire. They check structure
 * and bounds only; mediasoup validates semantics and its rejections come back
 * as MEDIA_REJECTED. Objects are loose because browsers add fields over time.
 */

const id = z.string().min(1).max(128);
const parameterValue = z.union([z.string().max(512), z.number(), z.boolean()]);
const codecParameters = z.record(z.string().max(64), parameterValue);
const rtcpFeedback = z.looseObject({ type: z.string().max(64), parameter: z.string().max(64).optional() });

export const dtlsParametersSchema = z.looseObject({
	role: z.enum(['auto', 'client', 'server']).optional(),
	fingerprints: z
		.array(z.looseObject({ algorithm: z.string().max(32), value: z.string().max(256) }))
		.min(1)
		.max(8),
});

export const rtpCodecParametersSchema = z.looseObject({
	mimeType: z.string().regex(/^(audio|video)\/[\w.-]+$/),
	payloadType: z.int().min(0).max(127),
	clockRate: z.int().positive(),
	channels: z.int().positive().max(8).optional(),
	parameters: codecParameters.optional(),
	rtcpFeedback: z.array(rtcpFeedback).max(32).optional(),
});

export const rtpParametersSchema = z.looseObject({
	mid: z.string().max(32).optional(),
	codecs: z.array(rtpCodecParametersSchema).min(1).max(32),
	headerExtensions: z
		.array(z.looseObject({ uri: z.string().max(256), id: z.int().min(1).max(255), encrypt: z.boolean().optional() }))
		.max(32)
		.optional(),
	encodings: z.array(z.looseObject({ ssrc: z.int().nonnegative().optional() })).max(8).optional(),
	rtcp: z.looseObject({ cname: z.string().max(256).optional() }).optional(),
});

export const rtpCapabilitiesSchema = z.looseObject({
	codecs: z
		.array(
			z.looseObject({
				kind: z.enum(['audio', 'video']),
				mimeType: z.string().max(64),
				clockRate: z.int().positive(),
				channels: z.int().positive().max(8).optional(),
				preferredPayloadType: z.int().min(0).max(127).optional(),
				parameters: codecParameters.optional(),
				rtcpFeedback: z.array(rtcpFeedback).max(32).optional(),
			}),
		)
		.max(64)
		.optional(),
	headerExtensions: z.array(z.looseObject({ uri: z.string().max(256) })).max(64).optional(),
});

export const sctpStreamParametersSchema = z.looseObject({
	streamId: z.int().min(0).max(65534),
	ordered: z.boolean().optional(),
	maxPacketLifeTime: z.int().nonnegative().optional(),
	maxRetransmits: z.int().nonnegative().optional(),
});

export const iceParametersSchema = z.looseObject({
	usernameFragment: z.string(),
	password: z.string(),
	iceLite: z.boolean().optional(),
});

export const iceCandidateSchema = z.looseObject({
	foundation: z.string(),
	priority: z.number(),
	ip: z.string().optional(),
	address: z.string().optional(),
	protocol: z.enum(['udp', 'tcp']),
	port: z.int(),
	type: z.string(),
	tcpType: z.string().optional(),
});

export const sctpParametersSchema = z.looseObject({
	port: z.int(),
	OS: z.int(),
	MIS: z.int(),
	maxMessageSize: z.int(),
});

export const entityId = id;
