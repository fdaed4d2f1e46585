import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@consultdesk/protocol';
import { isRequestName, ProtocolError } from '@consultdesk/protocol';
import type { Server, Socket } from 'socket.io';
import type { Logger } from './logger.js';
import { PeerSession } from './peer-session.js';
import type { RoomRegistry } from './room-registry.js';

export type ConsultationIo = Server<ClientToServerEvents, ServerToClientEvents>;
type ConsultationSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Connects Socket.IO to peer sessions. Every incoming event goes through one
 * path: unknown events and bad payloads are answered with an error (through
 * the ack, or a 'request:rejected' notification when there is none) and the
 * connection and its room carry on.
 */
export function attachSocketGateway(io: ConsultationIo, registry: RoomRegistry, logger: Logger): void {
	io.on('connection', (socket) => {
		const log = logger.child({ socket: socket.id });
		const session = new PeerSession({ registry, notify: (event, payload) => socket.emit(event, ...([payload] as never)), logger: log });
		// Socket.IO's typed on() cannot express "any event"; onAny sees every one, ack included.
		socket.onAny((event: string, ...args: unknown[]) => void dispatch(socket, session, log, event, args));
		socket.on('disconnect', (reason) => {
			log.debug({ reason }, 'socket disconnected');
			session.close();
		});
	});
}

async function dispatch(socket: ConsultationSocket, session: PeerSession, log: Logger, event: string, args: unknown[]): Promise<void> {
	const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: Ack<unknown>) => void) : undefined;
	const reply = (answer: Ack<unknown>): void => {
		if (ack) ack(answer);
		else if (!answer.ok) socket.emit('request:rejected', { event: event.slice(0, 64), error: answer.error });
	};
	try {
		if (!isRequestName(event)) throw new ProtocolError('UNKNOWN_EVENT', `unknown event "${event.slice(0, 64)}"`);
		if (args.length !== 1) throw new ProtocolError('INVALID_PAYLOAD', `${event}: expected one payload, got ${args.length}`);
		reply({ ok: true, data: await session.handle(event, args[0]) });
	} catch (error) {
		if (error instanceof ProtocolError) {
			log.warn({ event: event.slice(0, 64), code: error.code }, 'request rejected');
			reply({ ok: false, error: error.toBody() });
		} else {
			log.error({ event, err: error }, 'request failed');
			reply({ ok: false, error: { code: 'INTERNAL', message: 'the server could not complete this request' } });
		}
	}
}
