import { EventEmitter } from 'node:events';
import { ROUTER_MEDIA_CODECS, SOURCE_SETTINGS, VIDEO_QUALITY_LAYERS } from '@consultdesk/media-settings';
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
import type { DataProducerAppData, Notify, Peer, PeerCounts, ProducerAppData } from './peer.js';
import { policy } from './policy.js';

export interface RoomOptions {
	/** The consultation's id: rooms are keyed by it. */
	id: string;
	/** The consultation's short code, for people and logs. */
	code: string;
	worker: types.Worker;
	/** The worker's WebRtcServer: every transport of the room listens on its ports. */
	webRtcServer: types.WebRtcServer;
	maxExperts: number;
	/** How long a dropped terminal's seat (and its media) is held for it to come back. */
	seatHoldMs: number;
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
	/** Seats whose terminal dropped, and when each stops being held. */
	readonly #held = new Map<Peer, ReturnType<typeof setTimeout>>();
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

	/** The seat an account holds in this room, connected or held. */
	seatOf(accountId: string): Peer | undefined {
		return this.peers.find((p) => p.accountId === accountId);
	}

	/**
	 * The peer's terminal dropped: its seat, transports, producers and consumers
	 * stay for seatHoldMs so it can resume where it was, and the others are told
	 * it is reconnecting (they may end the consultation meanwhile).
	 */
	hold(peer: Peer): void {
		if (this.#peers.get(peer.id) !== peer || this.#held.has(peer)) return;
		peer.detach();
		const timer = setTimeout(() => {
			this.#options.logger.info({ room: this.code, peerId: peer.id }, 'held seat given up: its terminal did not come back');
			this.remove(peer);
		}, this.#options.seatHoldMs);
		timer.unref();
		this.#held.set(peer, timer);
		this.#broadcast(peer, 'peer:connection', { peerId: peer.id, connection: 'reconnecting' });
	}

	/**
	 * A connection takes a held seat back, with all its media. A seat still
	 * attached to an older connection (the server has not yet noticed that it
	 * died, or the account opened the consultation elsewhere) is taken from it.
	 */
	resume(peer: Peer, session: object, notify: Notify): void {
		this.#assertOpen();
		if (peer.connection === 'connected') peer.notify('room:closed', { reason: 'seat-taken-over' });
		clearTimeout(this.#held.get(peer));
		this.#held.delete(peer);
		peer.attach(session, notify);
		this.#broadcast(peer, 'peer:connection', { peerId: peer.id, connection: 'connected' });
	}

	/** Gives up a seat for a fresh one of the same account: the old one's terminal, if it still listens, is told why. */
	replace(peer: Peer): void {
		if (peer.connection === 'connected') peer.notify('room:closed', { reason: 'seat-taken-over' });
		this.remove(peer);
	}

	/** Removes a peer, closing everything it owns; the last one out closes the room. */
	remove(peer: Peer): void {
		clearTimeout(this.#held.get(peer));
		this.#held.delete(peer);
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
		const transport = await media('createWebRtcTransport', () =>
			this.router.createWebRtcTransport({
				webRtcServer: this.#options.webRtcServer,
				// UDP first; TCP (ICE-TCP, passive) where a firewall blocks UDP.
				enableUdp: true,
				enableTcp: true,
				preferUdp: true,
				enableSctp: request.sctp,
				numSctpStreams: { OS: 16, MIS: 16 },
				appData: { peerId: peer.id, direction: request.direction },
			}),
		);
		peer.adopt(peer.transports, transport);
		// A new path (ICE restarted after a cut, or a new address) follows lost packets: decoders on either side need a key frame.
		transport.on('iceselectedtuplechange', () => this.#refreshVideo(peer));
		transport.on('icestatechange', (state) => {
			if (state === 'completed') this.#refreshVideo(peer);
		});
		return {
			transportId: transport.id,
			iceParameters: transport.iceParameters,
			iceCandidates: transport.iceCandidates,
			dtlsParameters: transport.dtlsParameters,
			sctpParameters: transport.sctpParameters,
		};
	}

	/** New ICE credentials, so the terminal can reach the same transport over a new path (a new address, or after a cut). */
	async restartIce(peer: Peer, transportId: string): Promise<ResponseData<'transport:restartIce'>> {
		const transport = peer.transport(transportId);
		return { iceParameters: await media('restartIce', () => transport.restartIce()) };
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
		// On a downlink too narrow for everything the stethoscope goes first, then the voice, then video.
		await media('setPriority', () => consumer.setPriority(SOURCE_SETTINGS[producer.appData.source].consumerPriority));
		if (consumer.type === 'simulcast') {
			consumer.on('layerschange', (layers) => peer.notify('consumer:layers', { consumerId: consumer.id, spatialLayer: layers?.spatialLayer ?? null }));
		}
		return {
			consumerId: consumer.id,
			producerId: producer.id,
			kind: consumer.kind,
			// mediasoup types codec parameters as unknown; they are the router's own values.
			rtpParameters: consumer.rtpParameters as ResponseData<'consumer:create'>['rtpParameters'],
			source: producer.appData.source,
		};
	}

	async setQuality(peer: Peer, request: ParsedRequest<'consumer:setQuality'>): Promise<void> {
		const consumer = peer.consumers.get(request.consumerId);
		if (!consumer) throw new ProtocolError('NOT_FOUND', `no consumer ${request.consumerId} for this peer`);
		// A camera too small for simulcast sends one size: there is nothing to cap.
		if (consumer.type !== 'simulcast') return;
		await media('setPreferredLayers', () => consumer.setPreferredLayers({ spatialLayer: VIDEO_QUALITY_LAYERS[request.quality], temporalLayer: 2 }));
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
		for (const timer of this.#held.values()) clearTimeout(timer);
		this.#held.clear();
		for (const peer of this.peers) {
			if (reason) peer.notify('room:closed', { reason });
			peer.close();
		}
		this.#peers.clear();
		this.router.close();
		this.#options.logger.info({ room: this.code, consultationId: this.id, reason }, 'room closed');
		this.emit('close');
	}

	/** Asks for a key frame of every video this peer sends or receives, so pictures come back at once after its path changed. */
	#refreshVideo(peer: Peer): void {
		const sent = new Set([...peer.producers.values()].filter((p) => p.kind === 'video').map((p) => p.id));
		const consumers = [
			...[...peer.consumers.values()].filter((c) => c.kind === 'video'),
			...this.peers.filter((p) => p !== peer).flatMap((p) => [...p.consumers.values()].filter((c) => sent.has(c.producerId))),
		];
		for (const consumer of consumers) consumer.requestKeyFrame().catch(() => undefined);
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
