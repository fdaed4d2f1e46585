import { randomUUID } from 'node:crypto';
import { ProtocolError, type Account, type ParsedRequest, type RequestName, type ResponseData, type Role } from '@consultdesk/protocol';
import type { ConsultationService } from './consultation-service.js';
import type { Logger } from './logger.js';
import { Peer, type Notify } from './peer.js';
import { policy } from './policy.js';
import type { AuditLog } from './records/audit-log.js';
import type { ConsultationStore } from './records/consultation-store.js';
import type { Room } from './room.js';
import type { RoomRegistry } from './room-registry.js';

/** The requests that set up and tear down media in a consultation's room, and the room's auscultation site. */
export const MEDIA_REQUESTS = [
	'room:join',
	'room:leave',
	'transport:create',
	'transport:restartIce',
	'transport:connect',
	'producer:create',
	'producer:close',
	'dataProducer:create',
	'consumer:create',
	'consumer:resume',
	'consumer:setQuality',
	'dataConsumer:create',
	'auscultation:site',
	'auscultation:requestSite',
	'auscultation:state',
] as const satisfies readonly RequestName[];
export type MediaRequestName = (typeof MEDIA_REQUESTS)[number];

type Handlers = { [E in MediaRequestName]: (payload: ParsedRequest<E>) => Promise<ResponseData<E>> };

/** Refusals that say someone tried what they may not: each gets an audit row. */
const AUDITED = new Set(['FORBIDDEN', 'FORBIDDEN_SOURCE', 'NOT_FOUND', 'ROLE_TAKEN', 'INVALID_STATE']);

export interface PeerSessionOptions {
	account: Account;
	registry: RoomRegistry;
	consultations: ConsultationStore;
	service: Pick<ConsultationService, 'markLive'>;
	audit: AuditLog;
	notify: Notify;
	logger: Logger;
}

/**
 * One connection's part in media rooms: join a consultation's room in the
 * seat its account holds there, then set up and tear down media in that room
 * only. Payloads arrive parsed; refusals are audited.
 */
export class PeerSession {
	readonly #o: PeerSessionOptions;
	#joined: { room: Room; peer: Peer } | undefined;
	#closed = false;

	constructor(options: PeerSessionOptions) {
		this.#o = options;
	}

	static handles(event: RequestName): event is MediaRequestName {
		return (MEDIA_REQUESTS as readonly string[]).includes(event);
	}

	/** Runs a parsed media request; throws ProtocolError for anything the client should hear. */
	async handle<E extends MediaRequestName>(event: E, payload: ParsedRequest<E>): Promise<ResponseData<E>> {
		try {
			return await (this.#handlers[event] as (p: ParsedRequest<E>) => Promise<ResponseData<E>>)(payload);
		} catch (error) {
			if (error instanceof ProtocolError && AUDITED.has(error.code)) {
				await this.#o.audit.record({
					action: event,
					outcome: 'refused',
					actorAccountId: this.#o.account.accountId,
					consultationId: this.#current()?.room.id ?? (event === 'room:join' ? (payload as ParsedRequest<'room:join'>).consultationId : undefined),
					code: error.code,
					reason: error.message,
				});
			}
			throw error;
		}
	}

	/**
	 * The connection is gone: after a dropped link the seat is held for the
	 * terminal to resume; a deliberate close gives it up. No request still in
	 * flight may join a room either way.
	 */
	close({ holdSeat }: { holdSeat: boolean }): void {
		this.#closed = true;
		if (!holdSeat) {
			this.leave();
			return;
		}
		const joined = this.#current();
		this.#joined = undefined;
		if (!joined) return;
		joined.room.hold(joined.peer);
		this.#o.logger.info({ room: joined.room.code, peerId: joined.peer.id }, 'peer dropped; seat held');
	}

	/** Leaves the room for good, if this connection still holds a seat there. */
	leave(): void {
		const joined = this.#current();
		this.#joined = undefined;
		if (!joined) return;
		joined.room.remove(joined.peer);
		this.#o.logger.info({ room: joined.room.code, peerId: joined.peer.id }, 'peer left');
	}

	/** The room and seat this connection holds now: not once the room closed or a newer connection took the seat. */
	#current(): { room: Room; peer: Peer } | undefined {
		const joined = this.#joined;
		if (!joined || joined.room.closed || joined.peer.closed || !joined.peer.isHeldBy(this)) return undefined;
		return joined;
	}

	/** Runs a request that needs a room; NOT_IN_ROOM before joining, after the room closed, or once the seat was taken over. */
	async #inRoom<T>(run: (room: Room, peer: Peer) => T | Promise<T>): Promise<T> {
		const joined = this.#current();
		if (!joined) throw new ProtocolError('NOT_IN_ROOM', 'join a consultation first');
		return run(joined.room, joined.peer);
	}

	/**
	 * The seat this account takes in a room: the one it held, given back with
	 * its media when the terminal names it (a reconnection); otherwise a fresh
	 * one, replacing whatever seat the account still had (a restarted app).
	 */
	async #takeSeat(room: Room, role: Role, resumePeerId: string | undefined): Promise<{ room: Room; peer: Peer; resumed: boolean }> {
		const { account, registry } = this.#o;
		const previous = room.seatOf(account.accountId);
		if (previous && previous.id === resumePeerId && previous.role === role) {
			room.resume(previous, this, this.#o.notify);
			return { room, peer: previous, resumed: true };
		}
		if (previous) room.replace(previous);
		// Replacing the only seat closes the room; the consultation goes on in a new one.
		const open = room.closed ? await registry.getOrCreate(room.id, room.code) : room;
		const peer = new Peer({ id: randomUUID(), accountId: account.accountId, role, displayName: account.displayName, owner: this, notify: this.#o.notify });
		open.admit(peer);
		return { room: open, peer, resumed: false };
	}

	readonly #handlers: Handlers = {
		'room:join': async ({ consultationId, resumePeerId }) => {
			// A room that closed under the peer (its worker died) does not hold it: it may join again.
			const current = this.#current();
			if (current) throw new ProtocolError('ALREADY_IN_ROOM', `already in consultation ${current.room.code}`);
			const { account } = this.#o;
			const consultation = await this.#o.consultations.get(consultationId);
			if (!consultation) throw new ProtocolError('NOT_FOUND', 'no such consultation');
			const seat = policy.seat(account, consultation);
			if (!seat.allowed) throw new ProtocolError(seat.code, seat.reason);
			const opened = await this.#o.registry.getOrCreate(consultation.consultationId, consultation.code);
			if (this.#closed) {
				// Disconnected while the room was being opened: join no one into it.
				if (opened.peers.length === 0) opened.close();
				throw new ProtocolError('NOT_IN_ROOM', 'the connection closed while joining');
			}
			const { room, peer, resumed } = await this.#takeSeat(opened, seat.seat, resumePeerId);
			this.#joined = { room, peer };
			this.#o.logger.info({ room: room.code, peerId: peer.id, seat: seat.seat, resumed }, resumed ? 'peer resumed its seat' : 'peer joined');
			if (room.peers.some((p) => p.role === 'clinic') && room.peers.some((p) => p.role === 'expert')) {
				this.#o.service.markLive(consultationId).catch((error: unknown) => this.#o.logger.error({ err: error, consultationId }, 'could not mark the consultation live'));
			}
			return {
				peerId: peer.id,
				resumed,
				role: seat.seat,
				consultationId: room.id,
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
		'transport:restartIce': ({ transportId }) => this.#inRoom((room, peer) => room.restartIce(peer, transportId)),
		'transport:connect': (request) => this.#inRoom((room, peer) => room.connectTransport(peer, request)).then(() => ({})),
		'producer:create': (request) => this.#inRoom((room, peer) => room.produce(peer, request)),
		'producer:close': ({ producerId }) =>
			this.#inRoom((room, peer) => {
				room.closeProducer(peer, producerId);
				return {};
			}),
		'dataProducer:create': (request) => this.#inRoom((room, peer) => room.produceData(peer, request)),
		'consumer:create': (request) => this.#inRoom((room, peer) => room.consume(peer, request)),
		'consumer:setQuality': (request) => this.#inRoom((room, peer) => room.setQuality(peer, request)).then(() => ({})),
		'consumer:resume': ({ consumerId }) => this.#inRoom((room, peer) => room.resumeConsumer(peer, consumerId)).then(() => ({})),
		'dataConsumer:create': (request) => this.#inRoom((room, peer) => room.consumeData(peer, request)),
		'auscultation:site': ({ site }) => this.#inRoom((room, peer) => ({ state: room.setAuscultationSite(peer, site) })),
		'auscultation:requestSite': ({ site }) => this.#inRoom((room, peer) => ({ state: room.requestAuscultationSite(peer, site) })),
		'auscultation:state': () => this.#inRoom((room) => ({ state: room.auscultation })),
	};
}
