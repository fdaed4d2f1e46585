import { EventEmitter } from 'node:events';
import { ROUTER_MEDIA_CODECS } from '@consultdesk/media-settings';
import {
	EMPTY_AUSCULTATION_STATE,
	ProtocolError,
	type AuscultationSite,
	type AuscultationState,
	type DataProducerInfo,
	type NotificationName,
	type NotificationPayload,
	type ParsedRequest,
	type ProducerInfo,
	type ResponseData,
} from '@consultdesk/protocol';
import type { types } from 'mediasoup';
import type { Logger } from './logger.js';
import type { DataProducerAppData, Peer, PeerCounts, ProducerAppData } from './peer.js';
import { policy } from './policy.js';

export interface RoomTransportSettings {
	listenIp: string;
	announcedAddress?: string | undefined;
	minPort: number;
	maxPort: number;
}

export interface RoomOptions {
	/** The consultation's id: rooms are keyed by it. */
	id: string;
	/** The consultation's short code, for people and logs. */
	code: string;
	worker: types.Worker;
	transport: RoomTransportSettings;
	maxExperts: number;
	logger: Logger;
}

export interface RoomEvents {
	close: [];
}

export type RoomCloseReason = NotificationPayload<'room:closed'>['reason'];

export interface RoomStats extends PeerCounts {
	id: string;
	code: string;
	peers: number;
}

/** Turns mediasoup's own validation errors into an answer the client can act on. */
async function media<T>(what: string, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (error instanceof ProtocolError) throw error;
		throw new ProtocolError('MEDIA_REJECTED', `${what}: ${(error as Error).message}`);
	}
}

/**
 * One consultation: a mediasoup Router on one worker and the peers in it.
 * Media and data only flow between peers of the same room.
 */
export class Room extends EventEmitter<RoomEvents> {
	readonly id: string;
	readonly code: string;
	readonly router: types.Router;
	readonly #peers = new Map<string, Peer>();
	readonly #options: RoomOptions;
	#closed = false;
	/** Kept for the room's life, so whoever joins late sees where the chest piece is. */
	#auscultation: AuscultationState = EMPTY_AUSCULTATION_STATE;

	private constructor(options: RoomOptions, router: types.Router) {
		super();
		this.id = options.id;
		this.code = options.code;
		this.router = router;
		this.#options = options;
		router.on('workerclose', () => this.close('media-worker-died'));
	}

	static async create(options: RoomOptions): Promise<Room> {
		const router = await options.worker.createRouter({
			mediaCodecs: ROUTER_MEDIA_CODECS.map((codec) => ({ ...codec })) as types.RouterRtpCodecCapability[],
		});
		return new Room(options, router);
	}

	get closed(): boolean {
		return this.#closed;
	}

	get peers(): Peer[] {
		return [...this.#peers.values()];
	}

	/** Admits a peer if the policy leaves room for its seat, and tells the others. */
	admit(peer: Peer): void {
		this.#assertOpen();
		const decision = policy.admit(peer.role, this.peers.map((p) => p.role), this.#options.maxExperts);
		if (!decision.allowed) throw new ProtocolError(decision.code, decision.reason);
		this.#broadcast(peer, 'peer:joined', peer.info);
		this.#peers.set(peer.id, peer);
	}

	/** Removes a peer, closing everything it owns; the last one out closes the room. */
	remove(peer: Peer): void {
		if (!this.#peers.delete(peer.id)) return;
		for (const producerId of peer.producers.keys()) this.#broadcast(peer, 'producer:closed', { producerId });
		for (const dataProducerId of peer.dataProducers.keys()) {
			this.#broadcast(peer, 'dataProducer:closed', { dataProducerId });
		}
		peer.close();
		this.#broadcast(peer, 'peer:left', { peerId: peer.id });
		if (this.#peers.size === 0) this.close();
	}

	producerInfos(except?: Peer): ProducerInfo[] {
		return this.peers
			.filter((p) => p !== except)
			.flatMap((p) => [...p.producers.values()].map((producer) => producerInfo(producer)));
	}

	dataProducerInfos(except?: Peer): DataProducerInfo[] {
		return this.peers
			.filter((p) => p !== except)
			.flatMap((p) => [...p.dataProducers.values()].map((dp) => dataProducerInfo(dp)));
	}

	async createTransport(peer: Peer, request: ParsedRequest<'transport:create'>): Promise<ResponseData<'transport:create'>> {
		this.#assertOpen();
		peer.assertRoomFor('transports');
		const { listenIp, announcedAddress, minPort, maxPort } = this.#options.transport;
		const listen = { ip: listenIp, announcedAddress, portRange: { min: minPort, max: maxPort } };
		const transport = await media('createWebRtcTransport', () =>
			this.router.createWebRtcTransport({
				listenInfos: [
					{ protocol: 'udp', ...listen },
					{ protocol: 'tcp', ...listen },
				],
				enableUdp: true,
				enableTcp: true,
				preferUdp: true,
				enableSctp: request.sctp,
				numSctpStreams: { OS: 16, MIS: 16 },
				appData: { peerId: peer.id, direction: request.direction },
			}),
		);
		peer.adopt(peer.transports, transport);
		return {
			transportId: transport.id,
			iceParameters: transport.iceParameters,
			iceCandidates: transport.iceCandidates,
			dtlsParameters: transport.dtlsParameters,
			sctpParameters: transport.sctpParameters,
		};
	}

	async connectTransport(peer: Peer, request: ParsedRequest<'transport:connect'>): Promise<void> {
		const transport = peer.transport(request.transportId);
		await media('connect', () => transport.connect({ dtlsParameters: request.dtlsParameters as types.DtlsParameters }));
	}

	async produce(peer: Peer, request: ParsedRequest<'producer:create'>): Promise<ResponseData<'producer:create'>> {
		this.#assertMaySend(peer, request.source);
		if ([...peer.producers.values()].some((p) => p.appData.source === request.source)) {
			throw new ProtocolError('FORBIDDEN_SOURCE', `this peer already sends ${request.source}`);
		}
		peer.assertRoomFor('producers');
		const transport = peer.transport(request.transportId);
		const producer = await media('produce', () =>
			transport.produce<ProducerAppData>({
				kind: request.kind,
				rtpParameters: request.rtpParameters as types.RtpParameters,
				appData: { peerId: peer.id, source: request.source },
			}),
		);
		peer.adopt(peer.producers, producer);
		this.#broadcast(peer, 'producer:new', producerInfo(producer));
		return { producerId: producer.id };
	}

	closeProducer(peer: Peer, producerId: string): void {
		const producer = peer.producers.get(producerId);
		if (!producer) throw new ProtocolError('NOT_FOUND', `no producer ${producerId} for this peer`);
		producer.close();
		this.#broadcast(peer, 'producer:closed', { producerId });
	}

	async produceData(peer: Peer, request: ParsedRequest<'dataProducer:create'>): Promise<ResponseData<'dataProducer:create'>> {
		this.#assertMaySend(peer, request.source);
		peer.assertRoomFor('dataProducers');
		const transport = peer.transport(request.transportId);
		const dataProducer = await media('produceData', () =>
			transport.produceData<DataProducerAppData>({
				sctpStreamParameters: request.sctpStreamParameters as types.SctpStreamParameters,
				label: request.label,
				protocol: request.protocol,
				appData: { peerId: peer.id, source: request.source },
			}),
		);
		peer.adopt(peer.dataProducers, dataProducer);
		this.#broadcast(peer, 'dataProducer:new', dataProducerInfo(dataProducer));
		return { dataProducerId: dataProducer.id };
	}

	async consume(peer: Peer, request: ParsedRequest<'consumer:create'>): Promise<ResponseData<'consumer:create'>> {
		peer.assertRoomFor('consumers');
		const producer = this.#othersProducer(peer, request.producerId);
		const rtpCapabilities = request.rtpCapabilities as types.RtpCapabilities;
		if (!this.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
			throw new ProtocolError('MEDIA_REJECTED', `cannot consume ${producer.appData.source} with these capabilities`);
		}
		const transport = peer.transport(request.transportId);
		// Paused until the client has its track wired up, so no keyframe is wasted.
		const consumer = await media('consume', () =>
			transport.consume({ producerId: producer.id, rtpCapabilities, paused: true }),
		);
		peer.adopt(peer.consumers, consumer);
		consumer.on('producerclose', () => {
			peer.consumers.delete(consumer.id);
			peer.notify('consumer:closed', { consumerId: consumer.id });
		});
		return {
			consumerId: consumer.id,
			producerId: producer.id,
			kind: consumer.kind,
			// mediasoup types codec parameters as unknown; they are the router's own values.
			rtpParameters: consumer.rtpParameters as ResponseData<'consumer:create'>['rtpParameters'],
			source: producer.appData.source,
		};
	}

	async resumeConsumer(peer: Peer, consumerId: string): Promise<void> {
		const consumer = peer.consumers.get(consumerId);
		if (!consumer) throw new ProtocolError('NOT_FOUND', `no consumer ${consumerId} for this peer`);
		await media('resume', () => consumer.resume());
	}

	async consumeData(peer: Peer, request: ParsedRequest<'dataConsumer:create'>): Promise<ResponseData<'dataConsumer:create'>> {
		const dataProducer = this.peers
			.filter((p) => p !== peer)
			.map((p) => p.dataProducers.get(request.dataProducerId))
			.find((dp) => dp !== undefined);
		if (!dataProducer) throw new ProtocolError('NOT_FOUND', `no data producer ${request.dataProducerId} in this room`);
		peer.assertRoomFor('dataConsumers');
		const transport = peer.transport(request.transportId);
		const dataConsumer = await media('consumeData', () =>
			transport.consumeData({ dataProducerId: dataProducer.id, ordered: true }),
		);
		peer.adopt(peer.dataConsumers, dataConsumer);
		return {
			dataConsumerId: dataConsumer.id,
			dataProducerId: dataProducer.id,
			sctpStreamParameters: dataConsumer.sctpStreamParameters as NonNullable<types.SctpStreamParameters>,
			label: dataConsumer.label,
			protocol: dataConsumer.protocol,
			source: dataProducer.appData.source,
		};
	}

	get auscultation(): AuscultationState {
		return this.#auscultation;
	}

	/** The clinic marks the chest piece's site; everyone else in the room is told. */
	setAuscultationSite(peer: Peer, site: AuscultationSite | null, now = Date.now()): AuscultationState {
		this.#assertOpen();
		const decision = policy.setAuscultationSite(peer.role);
		if (!decision.allowed) throw new ProtocolError(decision.code, decision.reason);
		// Reaching the requested site answers the request.
		const requested = this.#auscultation.requested?.site === site ? null : this.#auscultation.requested;
		return this.#changeAuscultation(peer, { site, siteSetAt: now, requested });
	}

	/** An expert asks for a site; the clinic (and any other expert) is told. */
	requestAuscultationSite(peer: Peer, site: AuscultationSite, now = Date.now()): AuscultationState {
		this.#assertOpen();
		const decision = policy.requestAuscultationSite(peer.role);
		if (!decision.allowed) throw new ProtocolError(decision.code, decision.reason);
		return this.#changeAuscultation(peer, {
			...this.#auscultation,
			requested: { site, byPeerId: peer.id, byDisplayName: peer.info.displayName, at: now },
		});
	}

	#changeAuscultation(from: Peer, next: AuscultationState): AuscultationState {
		this.#auscultation = next;
		this.#broadcast(from, 'auscultation:changed', next);
		return next;
	}

	stats(): RoomStats {
		const total: RoomStats = { id: this.id, code: this.code, peers: this.#peers.size, transports: 0, producers: 0, consumers: 0, dataProducers: 0, dataConsumers: 0 };
		for (const peer of this.peers) {
			for (const [key, value] of Object.entries(peer.counts()) as [keyof PeerCounts, number][]) total[key] += value;
		}
		return total;
	}

	/** Closes the room; with a reason, the peers are told why first. */
	close(reason?: RoomCloseReason): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const peer of this.peers) {
			if (reason) peer.notify('room:closed', { reason });
			peer.close();
		}
		this.#peers.clear();
		this.router.close();
		this.#options.logger.info({ room: this.code, consultationId: this.id, reason }, 'room closed');
		this.emit('close');
	}

	#assertOpen(): void {
		if (this.#closed) throw new ProtocolError('ROOM_CLOSED', 'this consultation has ended');
	}

	#assertMaySend(peer: Peer, source: ProducerAppData['source'] | DataProducerAppData['source']): void {
		this.#assertOpen();
		const decision = policy.send(peer.role, source);
		if (!decision.allowed) throw new ProtocolError(decision.code, decision.reason);
	}

	#othersProducer(peer: Peer, producerId: string): types.Producer<ProducerAppData> {
		for (const other of this.peers) {
			const producer = other !== peer ? other.producers.get(producerId) : undefined;
			if (producer) return producer;
		}
		throw new ProtocolError('NOT_FOUND', `no producer ${producerId} in this room`);
	}

	#broadcast<E extends NotificationName>(from: Peer, event: E, payload: NotificationPayload<E>): void {
		for (const peer of this.#peers.values()) if (peer !== from) peer.notify(event, payload);
	}
}

function producerInfo(producer: types.Producer<ProducerAppData>): ProducerInfo {
	return { producerId: producer.id, peerId: producer.appData.peerId, kind: producer.kind, source: producer.appData.source };
}

function dataProducerInfo(dataProducer: types.DataProducer<DataProducerAppData>): DataProducerInfo {
	return { dataProducerId: dataProducer.id, peerId: dataProducer.appData.peerId, source: dataProducer.appData.source };
}
