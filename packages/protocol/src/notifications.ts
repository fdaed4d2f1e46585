import { z } from 'zod';
import { presenceStatusSchema } from './accounts.js';
import { AUSCULTATION_NOTIFICATIONS } from './auscultation.js';
import { attachmentSchema } from './attachments.js';
import { consultationSchema } from './consultation-records.js';
import { ERROR_CODES } from './error-codes.js';
import { entityId } from './media-schemas.js';
import { dataProducerInfoSchema, peerInfoSchema, producerInfoSchema, seatConnectionSchema } from './requests.js';

/** Every server→client notification and its payload schema. */
export const NOTIFICATIONS = {
	'peer:joined': peerInfoSchema,
	'peer:left': z.object({ peerId: entityId }),
	/** A seat's terminal dropped (its seat is held) or came back. */
	'peer:connection': z.object({ peerId: entityId, connection: seatConnectionSchema }),
	'producer:new': producerInfoSchema,
	'producer:closed': z.object({ producerId: entityId }),
	'dataProducer:new': dataProducerInfoSchema,
	'dataProducer:closed': z.object({ dataProducerId: entityId }),
	'consumer:closed': z.object({ consumerId: entityId }),
	/**
	 * The simulcast layer a video consumer now receives (0 is the smallest);
	 * null when none fits the link or the sender sends none: video paused for bandwidth.
	 */
	'consumer:layers': z.object({ consumerId: entityId, spatialLayer: z.int().min(0).max(15).nullable() }),
	/** seat-taken-over: the same account took this seat from another connection (a reconnected or second terminal). */
	'room:closed': z.object({ reason: z.enum(['media-worker-died', 'server-shutdown', 'consultation-ended', 'seat-taken-over']) }),
	/** A consultation this account may see changed (or newly became visible). */
	'consultation:updated': consultationSchema,
	/**
	 * A consultation this account saw is no longer its to see: a waiting request
	 * another expert took, or one that was cancelled or expired. Drop it from lists.
	 */
	'consultation:withdrawn': z.object({ consultationId: entityId }),
	/**
	 * An expert's presence changed; sent to admins, who assign work. Experts
	 * ask for expert:list when they pick a colleague: telling every expert
	 * about every other would cost the square of their number.
	 */
	'presence:changed': z.object({ accountId: entityId, presence: presenceStatusSchema }),
	/** An upload to this consultation started: the expert marks it as on its way. */
	'attachment:pending': attachmentSchema,
	/** An attachment of this consultation was checked and stored; fetch it over HTTP. */
	'attachment:added': attachmentSchema,
	/** Sent to the consultation's clinic only: an expert asks for a photo. */
	'attachment:photo-requested': z.object({ consultationId: entityId, requestedBy: z.string().max(64), note: z.string().max(200).optional() }),
	/** The server is about to close this connection for good; the app signs out. */
	'session:ended': z.object({ reason: z.enum(['account-disabled']) }),
	...AUSCULTATION_NOTIFICATIONS,
	/** The answer to a request sent without an acknowledgement callback that failed. */
	'request:rejected': z.object({
		event: z.string().max(64),
		error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
	}),
} as const;

export type NotificationName = keyof typeof NOTIFICATIONS;
export type NotificationPayload<E extends NotificationName> = z.output<(typeof NOTIFICATIONS)[E]>;
