import {
	handshakeAuthSchema,
	isRequestName,
	PROTOCOL_VERSION,
	ProtocolError,
	REQUESTS,
	type Account,
	type Ack,
	type ClientToServerEvents,
	type HandshakeErrorCode,
	type RequestName,
	type ServerToClientEvents,
} from '@consultdesk/protocol';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Server, Socket } from 'socket.io';
import { roomsOf } from './audience.js';
import type { AuthService } from './auth/auth-service.js';
import { ConnectivityCheck, type ConnectivityCheckOptions } from './connectivity-check.js';
import type { ConsultationService } from './consultation-service.js';
import type { Logger } from './logger.js';
import { PeerSession } from './peer-session.js';
import type { PresenceRegistry } from './presence-registry.js';
import type { RecordHandlers } from './record-requests.js';
import type { AuditLog } from './records/audit-log.js';
import type { ConsultationStore } from './records/consultation-store.js';
import type { RoomRegistry } from './room-registry.js';

export interface SocketData {
	account: Account;
}
export type ConsultationIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type ConsultationSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface GatewayOptions {
	auth: AuthService;
	registry: RoomRegistry;
	consultations: ConsultationStore;
	service: ConsultationService;
	records: RecordHandlers;
	presence: PresenceRegistry;
	audit: AuditLog;
	logger: Logger;
	requestsPerSecond: number;
	/** Where pre-consultation checks get their router and transport settings. */
	check: Omit<ConnectivityCheckOptions, 'logger'>;
}

/** Socket.IO refuses a handshake with an Error; the client reads the code from `data`. */
function handshakeError(code: HandshakeErrorCode, message: string): Error & { data: { code: HandshakeErrorCode } } {
	return Object.assign(new Error(message), { data: { code } });
}

/**
 * Connects Socket.IO to the services. The handshake is authenticated before
 * any handler can run (io.use); each connection joins the rooms its account
 * is addressed by; every incoming event goes through one path: rate limit,
 * known event, payload parsed against the protocol, then its handler. Bad
 * input is answered with an error code (through the ack, or a
 * 'request:rejected' notification when there is none) and the connection and
 * everyone else carry on.
 */
export function attachSocketGateway(io: ConsultationIo, options: GatewayOptions): void {
	const { auth, presence, logger } = options;
	const limiter = new RateLimiterMemory({ points: options.requestsPerSecond, duration: 1 });

	io.use((socket, next) => {
		const raw: unknown = socket.handshake.auth;
		const version = typeof raw === 'object' && raw !== null ? (raw as { protocolVersion?: unknown }).protocolVersion : undefined;
		if (version !== PROTOCOL_VERSION) {
			next(handshakeError('PROTOCOL_OUTDATED', `this server speaks protocol ${PROTOCOL_VERSION}; the app sent ${String(version ?? 'none')}: please update the app`));
			return;
		}
		const parsed = handshakeAuthSchema.safeParse(raw);
		if (!parsed.success) {
			options.audit
				.record({ action: 'socket:connect', outcome: 'refused', code: 'UNAUTHENTICATED', reason: 'no access token in the handshake', remoteAddress: socket.handshake.address })
				.catch((error: unknown) => logger.error({ err: error }, 'could not write an audit row'));
			next(handshakeError('UNAUTHENTICATED', 'sign in first'));
			return;
		}
		auth.authenticate(parsed.data.token, 'socket:connect', { remoteAddress: socket.handshake.address }).then(
			(account) => {
				socket.data.account = account;
				next();
			},
			(error: unknown) => {
				const code = error instanceof ProtocolError && (error.code === 'TOKEN_EXPIRED' || error.code === 'ACCOUNT_DISABLED') ? error.code : 'UNAUTHENTICATED';
				next(handshakeError(code, error instanceof ProtocolError ? error.message : 'sign in again'));
			},
		);
	});

	io.on('connection', (socket) => {
		const { account } = socket.data;
		const log = logger.child({ socket: socket.id, accountId: account.accountId });
		void socket.join(roomsOf(account));
		if (account.role === 'expert') presence.connected(account.accountId);
		const session = new PeerSession({
			account,
			registry: options.registry,
			consultations: options.consultations,
			service: options.service,
			audit: options.audit,
			notify: (event, payload) => socket.emit(event, ...([payload] as never)),
			logger: log,
		});
		const check = new ConnectivityCheck({ ...options.check, logger: log });
		// Socket.IO's typed on() cannot express "any event"; onAny sees every one, ack included.
		socket.onAny((event: string, ...args: unknown[]) => void dispatch(socket, { session, check }, options, limiter, log, event, args));
		socket.on('disconnect', (reason) => {
			log.debug({ reason }, 'socket disconnected');
			// A connection lost on the way (ping timeout, transport closed or failed)
			// keeps its seat for the terminal to come back; one closed on purpose, by
			// the app (signing out) or by the server (account disabled), gives it up.
			session.close({ holdSeat: !DELIBERATE_DISCONNECTS.has(reason) });
			check.close();
			if (account.role === 'expert') presence.disconnected(account.accountId);
		});
	});

}

const DELIBERATE_DISCONNECTS = new Set(['client namespace disconnect', 'server namespace disconnect', 'server shutting down']);

/** What one connection holds: its part in media rooms and its pre-consultation check. */
interface ConnectionState {
	session: PeerSession;
	check: ConnectivityCheck;
}

async function dispatch(
	socket: ConsultationSocket,
	state: ConnectionState,
	options: GatewayOptions,
	limiter: RateLimiterMemory,
	log: Logger,
	event: string,
	args: unknown[],
): Promise<void> {
	const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: Ack<unknown>) => void) : undefined;
	const shortEvent = event.slice(0, 64);
	const reply = (answer: Ack<unknown>): void => {
		if (ack) ack(answer);
		else if (!answer.ok) socket.emit('request:rejected', { event: shortEvent, error: answer.error });
	};
	try {
		await limiter.consume(socket.id).catch(() => {
			throw new ProtocolError('RATE_LIMITED', `more than ${options.requestsPerSecond} requests a second; slow down`);
		});
		if (!isRequestName(event)) throw new ProtocolError('UNKNOWN_EVENT', `unknown event "${shortEvent}"`);
		if (args.length !== 1) throw new ProtocolError('INVALID_PAYLOAD', `${event}: expected one payload, got ${args.length}`);
		reply({ ok: true, data: await handle(socket.data.account, state, options.records, event, args[0]) });
	} catch (error) {
		if (error instanceof ProtocolError) {
			log.debug({ event: shortEvent, code: error.code }, 'request rejected');
			reply({ ok: false, error: error.toBody() });
		} else {
			log.error({ event: shortEvent, err: error }, 'request failed');
			reply({ ok: false, error: { code: 'INTERNAL', message: 'the server could not complete this request' } });
		}
	}
}

/** Parses the payload against the protocol, then runs the request's handler. */
async function handle(account: Account, state: ConnectionState, records: RecordHandlers, event: RequestName, payload: unknown): Promise<unknown> {
	const parsed = REQUESTS[event].request.safeParse(payload);
	if (!parsed.success) {
		const where = parsed.error.issues
			.slice(0, 5)
			.map((i) => `${i.path.join('.').slice(0, 64) || '(payload)'}: ${i.message.slice(0, 120)}`)
			.join('; ');
		throw new ProtocolError('INVALID_PAYLOAD', `${event}: ${where}`);
	}
	if (PeerSession.handles(event)) return state.session.handle(event, parsed.data as never);
	if (ConnectivityCheck.handles(event)) return state.check.handle(event, parsed.data as never);
	return (records[event] as (a: Account, p: unknown) => Promise<unknown>)(account, parsed.data);
}
