import type { VideoQuality } from '@consultdesk/media-settings';
import type { DataProducerInfo, MediaSource, ProducerInfo } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { types as ms } from 'mediasoup-client';
import type { MediaTransports } from './media-transports.js';
import type { RoomSignaling } from './room-signaling.js';

export interface RemoteTrack {
	consumerId: string;
	producerId: string;
	source: MediaSource;
	track: MediaStreamTrack;
	/**
	 * For a simulcast video, the layer received (0 is the smallest); null when
	 * the SFU sends none because the link cannot carry even the smallest.
	 */
	spatialLayer?: number | null;
}

export interface MediaReceiverEvents {
	/** The remote tracks changed; the argument is all of them. */
	tracks: [tracks: RemoteTrack[]];
	/** A message on a data channel another seat sends (the vitals). */
	data: [data: unknown];
}

/**
 * What this seat receives from the others: a consumer per remote producer
 * (resumed once its track is wired up) and a data consumer per remote data
 * producer, over the receive transport. Failures are reported, never thrown:
 * one stream that cannot be received does not stop the others.
 */
export class MediaReceiver extends EventEmitter<MediaReceiverEvents> {
	readonly #signaling: RoomSignaling;
	#transports: MediaTransports;
	readonly #onProblem: (error: unknown) => void;
	readonly #consumers = new Map<string, ms.Consumer>();
	readonly #dataConsumers = new Map<string, ms.DataConsumer>();
	#tracks: RemoteTrack[] = [];
	#videoQuality: VideoQuality = 'auto';

	constructor(signaling: RoomSignaling, transports: MediaTransports, onProblem: (error: unknown) => void) {
		super();
		this.#signaling = signaling;
		this.#transports = transports;
		this.#onProblem = onProblem;
	}

	get tracks(): RemoteTrack[] {
		return this.#tracks;
	}

	async consume(info: ProducerInfo): Promise<void> {
		try {
			const transport = await this.#transports.recv();
			const answer = await this.#signaling.request('consumer:create', {
				transportId: transport.id,
				producerId: info.producerId,
				rtpCapabilities: await this.#transports.rtpCapabilities(),
			});
			const consumer = await transport.consume({
				id: answer.consumerId,
				producerId: answer.producerId,
				kind: answer.kind,
				rtpParameters: answer.rtpParameters as ms.RtpParameters,
				// One stream per source. Sharing the sender's CNAME as stream id (the
				// default) makes Chromium lip-sync video to the stethoscope's deeper
				// audio jitter buffer, which the latency benchmark saw add 30-40 ms to
				// the exam video within half a minute; an exam camera needs no lip sync.
				streamId: `${info.peerId}:${answer.source}`,
			});
			this.#consumers.set(consumer.id, consumer);
			const remote = { consumerId: consumer.id, producerId: info.producerId, source: answer.source, track: consumer.track };
			this.#setTracks([...this.#tracks.filter((t) => t.source !== remote.source), remote]);
			await this.#signaling.request('consumer:resume', { consumerId: consumer.id });
			if (answer.source === 'exam-video' && this.#videoQuality !== 'auto') await this.#applyQuality(consumer.id);
		} catch (error) {
			this.#onProblem(error);
		}
	}

	async consumeData(info: DataProducerInfo): Promise<void> {
		try {
			const transport = await this.#transports.recv();
			const answer = await this.#signaling.request('dataConsumer:create', {
				transportId: transport.id,
				dataProducerId: info.dataProducerId,
			});
			const dataConsumer = await transport.consumeData({
				id: answer.dataConsumerId,
				dataProducerId: answer.dataProducerId,
				sctpStreamParameters: answer.sctpStreamParameters as ms.SctpStreamParameters,
				label: answer.label,
				protocol: answer.protocol,
			});
			this.#dataConsumers.set(dataConsumer.id, dataConsumer);
			dataConsumer.on('message', (data: unknown) => this.emit('data', data));
		} catch (error) {
			this.#onProblem(error);
		}
	}

	/**
	 * Brings what is received in line with what the room sends after this
	 * terminal resumed its seat: streams that started meanwhile are received,
	 * streams that ended meanwhile are dropped, the rest go on untouched.
	 */
	async reconcile(producers: ProducerInfo[], dataProducers: DataProducerInfo[]): Promise<void> {
		const producerIds = new Set(producers.map((p) => p.producerId));
		const dataProducerIds = new Set(dataProducers.map((d) => d.dataProducerId));
		for (const consumer of [...this.#consumers.values()]) if (!producerIds.has(consumer.producerId)) this.dropConsumer(consumer.id);
		for (const dataConsumer of [...this.#dataConsumers.values()]) {
			if (!dataProducerIds.has(dataConsumer.dataProducerId)) this.dropDataProducer(dataConsumer.dataProducerId);
		}
		const consumed = new Set([...this.#consumers.values()].map((c) => c.producerId));
		const consumedData = new Set([...this.#dataConsumers.values()].map((d) => d.dataProducerId));
		await Promise.all([
			...producers.filter((p) => !consumed.has(p.producerId)).map((p) => this.consume(p)),
			...dataProducers.filter((d) => !consumedData.has(d.dataProducerId)).map((d) => this.consumeData(d)),
		]);
	}

	/**
	 * Receives everything again over new transports (a fresh seat: the old
	 * consumers are gone with the old seat). The old tracks stay on screen
	 * until the new ones replace them, so a picture does not blank meanwhile.
	 */
	async receiveAgain(transports: MediaTransports, producers: ProducerInfo[], dataProducers: DataProducerInfo[]): Promise<void> {
		// Synchronously, before the first await: from here on every consume() uses the new transports.
		this.#transports = transports;
		this.#consumers.clear();
		this.#dataConsumers.clear();
		await Promise.all([...producers.map((p) => this.consume(p)), ...dataProducers.map((d) => this.consumeData(d))]);
		const live = new Set([...this.#consumers.keys()]);
		this.#setTracks(this.#tracks.filter((t) => live.has(t.consumerId)));
	}

	/** Packets received so far on each stream, for noticing that media stopped. */
	async packetCounts(): Promise<Map<string, number>> {
		// Audio only: a video paused for bandwidth is not a lost link, and is said separately.
		const counts = new Map<string, number>();
		await Promise.all(
			[...this.#consumers.values()].map(async (consumer) => {
				if (consumer.closed || consumer.kind !== 'audio') return;
				try {
					const report = await consumer.getStats();
					report.forEach((stat: { type?: string; packetsReceived?: number }) => {
						if (stat.type === 'inbound-rtp') counts.set(consumer.id, stat.packetsReceived ?? 0);
					});
				} catch {
					// A consumer closing meanwhile has nothing to count.
				}
			}),
		);
		return counts;
	}

	/** The SFU switched the layer of a simulcast video (or paused it: null). */
	setLayer(consumerId: string, spatialLayer: number | null): void {
		if (!this.#tracks.some((t) => t.consumerId === consumerId)) return;
		this.#setTracks(this.#tracks.map((t) => (t.consumerId === consumerId ? { ...t, spatialLayer } : t)));
	}

	/** Caps the size received of every simulcast video, now and for streams received later (after a reconnection too). */
	async setVideoQuality(quality: VideoQuality): Promise<void> {
		this.#videoQuality = quality;
		await Promise.all(this.#tracks.filter((t) => t.source === 'exam-video').map((t) => this.#applyQuality(t.consumerId)));
	}

	get videoQuality(): VideoQuality {
		return this.#videoQuality;
	}

	async #applyQuality(consumerId: string): Promise<void> {
		await this.#signaling.request('consumer:setQuality', { consumerId, quality: this.#videoQuality });
	}

	/** The server closed this consumer (its producer went away, or the server's side of it failed). */
	dropConsumer(consumerId: string): void {
		const consumer = this.#consumers.get(consumerId);
		if (!consumer) return;
		consumer.close();
		this.#consumers.delete(consumerId);
		this.#setTracks(this.#tracks.filter((t) => t.consumerId !== consumerId));
	}

	dropProducer(producerId: string): void {
		for (const [id, consumer] of this.#consumers) if (consumer.producerId === producerId) this.dropConsumer(id);
	}

	dropDataProducer(dataProducerId: string): void {
		for (const [id, dataConsumer] of this.#dataConsumers) {
			if (dataConsumer.dataProducerId === dataProducerId) {
				dataConsumer.close();
				this.#dataConsumers.delete(id);
			}
		}
	}

	#setTracks(tracks: RemoteTrack[]): void {
		this.#tracks = tracks;
		this.emit('tracks', tracks);
	}
}
