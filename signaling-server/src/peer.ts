import type { DataSource, MediaSource, NotificationName, NotificationPayload, PeerInfo, Role, SeatConnection } from '@consultdesk/protocol';
import { ProtocolError } from '@consultdesk/protocol';
import type { types } from 'mediasoup';

export type Notify = <E extends NotificationName>(event: E, payload: NotificationPayload<E>) => void;

export interface ProducerAppData extends types.AppData {
	peerId: string;
	source: MediaSource;
}

export interface DataProducerAppData extends types.AppData {
	peerId: string;
	source: DataSource;
}

/** What every mediasoup transport, producer and consumer has in common. */
interface Owned {
	readonly id: string;
	close(): void;
	readonly observer: { on(event: 'close', listener: () => void): unknown };
}

export interface PeerOptions {
	id: string;
	/** The account sitting in this seat. */
	accountId: string;
	role: Role;
	displayName: string;
	/** The connection that holds this seat (its PeerSession) and how to reach its terminal. */
	owner: object;
	notify: Notify;
}

export interface PeerCounts {
	transports: number;
	producers: number;
	consumers: number;
	dataProducers: number;
	dataConsumers: number;
}

/**
 * What one peer may hold at once. A terminal needs one send and one receive
 * transport and a handful of streams; the caps stop one misbehaving client
 * from exhausting the shared RTC port range or a worker for everyone else.
 */
export const PEER_LIMITS: Readonly<PeerCounts> = {
	transports: 4,
	producers: 4,
	consumers: 32,
	dataProducers: 2,
	dataConsumers: 8,
};

/** One participant of a consultation and every mediasoup object it owns. */
export class Peer {
	readonly id: string;
	readonly accountId: string;
	readonly role: Role;
	readonly displayName: string;
	readonly transports = new Map<string, types.WebRtcTransport>();
	readonly producers = new Map<string, types.Producer<ProducerAppData>>();
	readonly consumers = new Map<string, types.Consumer>();
	readonly dataProducers = new Map<string, types.DataProducer<DataProducerAppData>>();
	readonly dataConsumers = new Map<string, types.DataConsumer>();
	/** The connection holding this seat and where its notifications go; none while its terminal is gone. */
	#owner: { session: object; notify: Notify } | undefined;
	#closed = false;

	constructor(options: PeerOptions) {
		this.id = options.id;
		this.accountId = options.accountId;
		this.role = options.role;
		this.displayName = options.displayName;
		this.#owner = { session: options.owner, notify: options.notify };
	}

	get closed(): boolean {
		return this.#closed;
	}

	get connection(): SeatConnection {
		return this.#owner ? 'connected' : 'reconnecting';
	}

	/** Whether this connection holds the seat; one that lost it to a newer connection must not act for it. */
	isHeldBy(session: object): boolean {
		return this.#owner?.session === session;
	}

	get info(): PeerInfo {
		return { peerId: this.id, role: this.role, displayName: this.displayName, connection: this.connection };
	}

	/** Tells this seat's terminal something; dropped while the terminal is reconnecting (it gets the room's state again when it resumes). */
	notify<E extends NotificationName>(event: E, payload: NotificationPayload<E>): void {
		this.#owner?.notify(event, payload);
	}

	/** The terminal's connection dropped; the seat and its media stay. */
	detach(): void {
		this.#owner = undefined;
	}

	/** A connection (the same terminal, reconnected) takes this seat back. */
	attach(session: object, notify: Notify): void {
		this.#owner = { session, notify };
	}

	/** A transport this peer owns; another peer's id is NOT_FOUND, never a leak. */
	transport(transportId: string): types.WebRtcTransport {
		const transport = this.transports.get(transportId);
		if (!transport) throw new ProtocolError('NOT_FOUND', `no transport ${transportId} for this peer`);
		return transport;
	}

	/**
	 * Takes ownership of a mediasoup object created for this peer, forgetting it
	 * when it closes. Creation is asynchronous: if the peer left (or its room
	 * closed, which closes every peer) meanwhile, the object is closed instead,
	 * or nothing would ever close it.
	 */
	adopt<T extends Owned>(owned: Map<string, T>, created: T): T {
		if (this.#closed) {
			created.close();
			throw new ProtocolError('ROOM_CLOSED', 'left the consultation while this was being set up');
		}
		owned.set(created.id, created);
		created.observer.on('close', () => owned.delete(created.id));
		return created;
	}

	/** Throws LIMIT_REACHED before this peer would hold more of `kind` than PEER_LIMITS allows. */
	assertRoomFor(kind: keyof PeerCounts): void {
		if (this.counts()[kind] >= PEER_LIMITS[kind]) {
			throw new ProtocolError('LIMIT_REACHED', `a peer may hold at most ${PEER_LIMITS[kind]} ${kind}`);
		}
	}

	counts(): PeerCounts {
		return {
			transports: this.transports.size,
			producers: this.producers.size,
			consumers: this.consumers.size,
			dataProducers: this.dataProducers.size,
			dataConsumers: this.dataConsumers.size,
		};
	}

	/** Closes every transport, which closes all producers and consumers on them. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const transport of this.transports.values()) transport.close();
		this.transports.clear();
		this.producers.clear();
		this.consumers.clear();
		this.dataProducers.clear();
		this.dataConsumers.clear();
	}
}
