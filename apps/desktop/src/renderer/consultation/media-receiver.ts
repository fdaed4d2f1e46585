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
	readonly #transports: MediaTransports;
	readonly #onProblem: (error: unknown) => void;
	readonly #consumers = new Map<string, ms.Consumer>();
	readonly #dataConsumers = new Map<string, ms.DataConsumer>();
	#tracks: RemoteTrack[] = [];

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
