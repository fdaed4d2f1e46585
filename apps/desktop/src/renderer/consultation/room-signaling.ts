import {
	NOTIFICATIONS,
	ProtocolError,
	sendRequest,
	type NotificationName,
	type NotificationPayload,
	type RequestName,
	type RequestPayload,
	type ResponseData,
} from '@consultdesk/protocol';
import type { SignalingSocket } from '../session/signaling-connection.js';

type UntypedSocket = {
	on(event: string, listener: (...args: never[]) => void): void;
	off(event: string, listener: (...args: never[]) => void): void;
};

/**
 * A consultation's view of the app's shared signalling socket: requests, and
 * notifications validated against the protocol before anyone sees them. It
 * remembers what it subscribed, so detach() takes exactly that off the socket
 * and leaves the rest of the app's listeners alone.
 */
export class RoomSignaling {
	readonly #socket: SignalingSocket;
	readonly #onMalformed: (error: ProtocolError) => void;
	readonly #listeners: [event: string, listener: (...args: never[]) => void][] = [];

	constructor(socket: SignalingSocket, onMalformed: (error: ProtocolError) => void) {
		this.#socket = socket;
		this.#onMalformed = onMalformed;
	}

	get connected(): boolean {
		return this.#socket.connected;
	}

	/** Sends a request; UNREACHABLE at once while disconnected, rather than a TIMEOUT later. */
	request<E extends RequestName>(event: E, payload: RequestPayload<E>, timeoutMs?: number): Promise<ResponseData<E>> {
		if (!this.#socket.connected) return Promise.reject(new ProtocolError('UNREACHABLE', `not connected; ${event} not sent`));
		return sendRequest(this.#socket, event, payload, timeoutMs);
	}

	/** Subscribes to a notification, validating its payload against the protocol first. */
	on<E extends NotificationName>(event: E, handler: (payload: NotificationPayload<E>) => void): void {
		this.onSocket(event, (payload: unknown) => {
			const parsed = NOTIFICATIONS[event].safeParse(payload);
			if (parsed.success) handler(parsed.data as NotificationPayload<E>);
			else this.#onMalformed(new ProtocolError('INVALID_PAYLOAD', `server sent a malformed ${event}`));
		});
	}

	/** Subscribes to one of Socket.IO's own events (connect, disconnect). */
	onSocket(event: string, listener: (payload: never) => void): void {
		(this.#socket as unknown as UntypedSocket).on(event, listener);
		this.#listeners.push([event, listener]);
	}

	/**
	 * Drops the connection and reconnects at once, for when the media path
	 * died and the socket, bound to the same dead path, has not noticed yet
	 * (it would wait for a ping to time out).
	 */
	reconnectNow(): void {
		this.#socket.io.engine?.close();
	}

	detach(): void {
		const socket = this.#socket as unknown as UntypedSocket;
		for (const [event, listener] of this.#listeners.splice(0)) socket.off(event, listener);
	}
}
