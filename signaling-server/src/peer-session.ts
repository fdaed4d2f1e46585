import { randomUUID } from 'node:crypto';
import {
	ProtocolError,
	REQUESTS,
	type ParsedRequest,
	type RequestName,
	type ResponseData,
} from '@consultdesk/protocol';
import type { Logger } from './logger.js';
import { Peer, type Notify } from './peer.js';
import type { Room } from './room.js';
import type { RoomRegistry } from './room-registry.js';

type Handlers = { [E in RequestName]: (payload: ParsedRequest<E>) => Promise<ResponseData<E>> };

/**
 * What one connection may do, request by request: join a room, then set up
 * and tear down its media in that room only. Every payload has been parsed
 * against the protocol before a handler sees it.
 */
export class PeerSession {
	readonly #registry: RoomRegistry;
	readonly #notify: Notify;
	readonly #logger: Logger;
	#joined: { room: Room; peer: Peer } | undefined;
	#closed = false;

	constructor(options: { registry: RoomRegistry; notify: Notify; logger: Logger }) {
		this.#registry = options.registry;
		this.#notify = options.notify;
		this.#logger = options.logger;
	}

	/** Parses the payload and runs the request; throws ProtocolError for anything the client should hear. */
	async handle(event: RequestName, payload: unknown): Promise<unknown> {
		const parsed = REQUESTS[event].request.safeParse(payload);
		if (!parsed.success) {
			const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
			throw new ProtocolError('INVALID_PAYLOAD', `${event}: ${where}`);
		}
		const handler = this.#handlers[event] as (p: unknown) => Promise<unknown>;
		return handler(parsed.data);
	}

	/** The connection is gone: leave, and let no request still in flight join a room. */
	close(): void {
		this.#closed = true;
		this.leave();
	}

	/** Leaves the room, if any; safe to call twice (leave, then disconnect). */
	leave(): void {
		const joined = this.#joined;
		this.#joined = undefined;
		if (!joined) return;
		joined.room.remove(joined.peer);
		this.#logger.info({ room: joined.room.code, peerId: joined.peer.id }, 'peer left');
	}

	/** Runs a request that needs a room; NOT_IN_ROOM before joining or after the room closed. */
	async #inRoom<T>(run: (room: Room, peer: Peer) => T | Promise<T>): Promise<T> {
		if (!this.#joined || this.#joined.room.closed) throw new ProtocolError('NOT_IN_ROOM', 'join a consultation first');
		return run(this.#joined.room, this.#joined.peer);
	}

	readonly #handlers: Handlers = {
		'room:join': async ({ consultationCode, role, displayName }) => {
			// A room that closed under the peer (its worker died) does not hold it: it may join again.
			if (this.#joined && !this.#joined.room.closed) {
				throw new ProtocolError('ALREADY_IN_ROOM', `already in consultation ${this.#joined.room.code}`);
			}
			const room = await this.#registry.getOrCreate(consultationCode);
			if (this.#closed) {
				// Disconnected while the room was being opened: join no one into it.
				if (room.peers.length === 0) room.close();
				throw new ProtocolError('NOT_IN_ROOM', 'the connection closed while joining');
			}
			const peer = new Peer({ id: randomUUID(), role, displayName, notify: this.#notify });
			room.admit(peer);
			this.#joined = { room, peer };
			this.#logger.info({ room: room.code, peerId: peer.id, role }, 'peer joined');
			return {
				peerId: peer.id,
				consultationCode: room.code,
				routerRtpCapabilities: room.router.rtpCapabilities as ResponseData<'room:join'>['routerRtpCapabilities'],
				peers: room.peers.filter((p) => p !== peer).map((p) => p.info),
				producers: room.producerInfos(peer),
				dataProducers: room.dataProducerInfos(peer),
			};
		},
		'room:leave': () =>
			this.#inRoom(() => {
				this.leave();
				return {};
			}),
		'transport:create': (request) => this.#inRoom((room, peer) => room.createTransport(peer, request)),
		'transport:connect': (request) => this.#inRoom((room, peer) => room.connectTransport(peer, request)).then(() => ({})),
		'producer:create': (request) => this.#inRoom((room, peer) => room.produce(peer, request)),
		'producer:close': ({ producerId }) =>
			this.#inRoom((room, peer) => {
				room.closeProducer(peer, producerId);
				return {};
			}),
		'dataProducer:create': (request) => this.#inRoom((room, peer) => room.produceData(peer, request)),
		'consumer:create': (request) => this.#inRoom((room, peer) => room.consume(peer, request)),
		'consumer:resume': ({ consumerId }) => this.#inRoom((room, peer) => room.resumeConsumer(peer, consumerId)).then(() => ({})),
		'dataConsumer:create': (request) => this.#inRoom((room, peer) => room.consumeData(peer, request)),
	};
}
