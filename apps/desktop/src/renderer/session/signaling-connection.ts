import {
	handshakeErrorDataSchema,
	NOTIFICATIONS,
	PROTOCOL_VERSION,
	ProtocolError,
	sendRequest,
	type ClientToServerEvents,
	type HandshakeAuth,
	type NotificationName,
	type NotificationPayload,
	type RequestName,
	type RequestPayload,
	type ResponseData,
	type ServerToClientEvents,
} from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { io, type Socket } from 'socket.io-client';

export type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface SignalingConnectionEvents {
	status: [status: ConnectionStatus];
	/**
	 * Connected, the first time or again after a drop. Lists that may have
	 * missed notifications meanwhile (or never loaded) reload on it.
	 */
	connected: [];
	/** The server refused this connection for good (signed out, disabled, outdated app). */
	refused: [error: ProtocolError];
	/** A notification did not match the protocol and was dropped. */
	problem: [error: ProtocolError];
}

export interface SignalingConnectionOptions {
	serverUrl: string;
	/**
	 * The access token for the handshake. When the server said the previous one
	 * expired, that one is passed back, so the session refreshes before answering.
	 */
	accessToken: (rejected?: string) => Promise<string>;
	/** After a refusal worth retrying (expired token, rate limit), connect again this much later. */
	retryDelayMs?: number;
	createSocket?: (url: string, options: Parameters<typeof io>[1]) => SignalingSocket;
}

/** Refusals the app can recover from by itself by connecting again. */
const RETRYABLE_REFUSALS = new Set(['TOKEN_EXPIRED', 'RATE_LIMITED']);

/**
 * The app's one Socket.IO connection while signed in: requests, presence and
 * notifications all go through it, and a consultation's media signalling
 * borrows it (ConsultationClient). It reconnects by itself after network
 * drops; a refused handshake is a ProtocolError with the server's code.
 */
export class SignalingConnection extends EventEmitter<SignalingConnectionEvents> {
	readonly socket: SignalingSocket;
	readonly #retryDelayMs: number;
	readonly #firstConnect: Promise<void>;
	#status: ConnectionStatus = 'connecting';
	#everConnected = false;
	#lastToken: string | undefined;
	#tokenRejected = false;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(options: SignalingConnectionOptions) {
		super();
		this.#retryDelayMs = options.retryDelayMs ?? 5_000;
		const createSocket = options.createSocket ?? ((url, socketOptions) => io(url, socketOptions));
		this.socket = createSocket(options.serverUrl, {
			transports: ['websocket'],
			// Try again at least every second (Socket.IO's default backs off to 5 s): after
			// a long cut the consultation should be back within seconds of the link.
			reconnectionDelay: 250,
			reconnectionDelayMax: 1000,
			// A function, so every reconnection presents the current token, not the first one.
			auth: (callback: (auth: HandshakeAuth) => void) => {
				const rejected = this.#tokenRejected ? this.#lastToken : undefined;
				this.#tokenRejected = false;
				options.accessToken(rejected).then(
					(token) => {
						this.#lastToken = token;
						callback({ token, protocolVersion: PROTOCOL_VERSION });
					},
					// Signed out meanwhile: an empty token is refused, which closes this connection.
					() => callback({ token: '', protocolVersion: PROTOCOL_VERSION }),
				);
			},
		});
		this.#firstConnect = new Promise((resolve, reject) => {
			this.socket.once('connect', () => resolve());
			this.once('refused', reject);
			this.socket.io.once('error', (error) => reject(new ProtocolError('UNREACHABLE', `cannot reach ${options.serverUrl}: ${error.message}`)));
		});
		// Nobody may be waiting for the first connection; its failure is also reported through events.
		this.#firstConnect.catch(() => undefined);
		this.#watch();
	}

	/**
	 * Resolves once connected. Rejects with the handshake's code when the server
	 * refuses, or UNREACHABLE when it cannot be reached (the connection keeps trying).
	 */
	connected(): Promise<void> {
		return this.#firstConnect;
	}

	get status(): ConnectionStatus {
		return this.#status;
	}

	/** Sends a request; UNREACHABLE at once while disconnected rather than a TIMEOUT ten seconds later. */
	request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<ResponseData<E>> {
		if (!this.socket.connected) return Promise.reject(new ProtocolError('UNREACHABLE', `not connected; ${event} not sent`));
		return sendRequest(this.socket, event, payload);
	}

	/** Subscribes to a notification whose payload is validated first; returns the unsubscribe function. */
	subscribe<E extends NotificationName>(event: E, handler: (payload: NotificationPayload<E>) => void): () => void {
		const listener = (payload: unknown): void => {
			const parsed = NOTIFICATIONS[event].safeParse(payload);
			if (parsed.success) handler(parsed.data as NotificationPayload<E>);
			else this.emit('problem', new ProtocolError('INVALID_PAYLOAD', `server sent a malformed ${event}`));
		};
		const socket = this.socket as unknown as UntypedSocket;
		socket.on(event, listener);
		return () => void socket.off(event, listener);
	}

	close(): void {
		clearTimeout(this.#retryTimer);
		this.#setStatus('closed');
		this.socket.disconnect();
		this.removeAllListeners();
	}

	#watch(): void {
		this.socket.on('connect', () => {
			this.#everConnected = true;
			this.#setStatus('connected');
			this.emit('connected');
		});
		this.socket.on('connect_error', (error) => {
			const refusal = handshakeErrorDataSchema.safeParse((error as Error & { data?: unknown }).data);
			if (!refusal.success) {
				// The network, not the server: Socket.IO retries by itself.
				this.#setStatus(this.#everConnected ? 'reconnecting' : 'connecting');
				return;
			}
			const { code } = refusal.data;
			if (RETRYABLE_REFUSALS.has(code)) {
				this.#tokenRejected = code === 'TOKEN_EXPIRED';
				this.#setStatus('reconnecting');
				this.#retry();
				return;
			}
			this.#setStatus('closed');
			this.emit('refused', new ProtocolError(code, `the server refused the connection: ${error.message}`));
		});
		this.socket.on('disconnect', (reason) => {
			if (this.#status === 'closed') return;
			this.#setStatus('reconnecting');
			// Socket.IO reconnects by itself after network drops, but not after the server closed the connection.
			if (reason === 'io server disconnect') this.#retry();
		});
	}

	#retry(): void {
		clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => {
			if (this.#status !== 'closed') this.socket.connect();
		}, this.#retryDelayMs);
	}

	#setStatus(status: ConnectionStatus): void {
		if (this.#status === status || this.#status === 'closed') return;
		this.#status = status;
		this.emit('status', status);
	}
}

type UntypedSocket = { on(event: string, listener: (payload: unknown) => void): void; off(event: string, listener: (payload: unknown) => void): void };
