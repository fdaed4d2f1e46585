import type { ProtocolErrorBody } from './error-codes.js';
import type { NotificationName, NotificationPayload } from './notifications.js';
import type { RequestName, RequestPayload, ResponseData } from './requests.js';

/** The answer to every request, delivered through the Socket.IO acknowledgement. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ProtocolErrorBody };

/** Socket.IO's typed map for client→server events (requests with an ack). */
export type ClientToServerEvents = {
	[E in RequestName]: (payload: RequestPayload<E>, ack: (answer: Ack<ResponseData<E>>) => void) => void;
};

/** Socket.IO's typed map for server→client events (notifications). */
export type ServerToClientEvents = {
	[E in NotificationName]: (payload: NotificationPayload<E>) => void;
};
