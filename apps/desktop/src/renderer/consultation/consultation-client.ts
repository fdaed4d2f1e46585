import { SOURCE_SETTINGS, type CapturedSource } from '@consultdesk/media-settings';
import {
	decodeVitalsMessage,
	NOTIFICATIONS,
	ProtocolError,
	sendRequest,
	VITALS_CHANNEL_LABEL,
	VITALS_CHANNEL_PROTOCOL,
	type DataProducerInfo,
	type MediaSource,
	type NotificationName,
	type NotificationPayload,
	type PeerInfo,
	type ProducerInfo,
	type ResponseData,
	type Role,
	type VitalsMessage,
	type VitalsObservation,
	type EarlierObservation,
} from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { Device } from 'mediasoup-client';
import type { types as ms } from 'mediasoup-client';
import type { SignalingSocket } from '../session/signaling-connection.js';
import { VitalsHistory } from './vitals-history.js';

/** How long after a gap is seen the server is asked for what is missing. */
const GAP_FILL_DELAY_MS = 3000;

export interface RemoteTrack {
	consumerId: string;
	producerId: string;
	source: MediaSource;
	track: MediaStreamTrack;
}

export interface ConsultationClientEvents {
	peers: [peers: PeerInfo[]];
	/** The remote tracks changed; the argument is all of them. */
	tracks: [tracks: RemoteTrack[]];
	/** A vitals message arrived; the argument is the whole history so far. */
	vitals: [history: VitalsHistory];
	/** Something went wrong that the user should see; the consultation carries on. */
	problem: [error: ProtocolError];
	closed: [reason: CloseReason];
}

/** Why a consultation client closed: this terminal left, lost its connection, or the server closed the room. */
export type CloseReason = 'left' | 'disconnected' | NotificationPayload<'room:closed'>['reason'];

export interface JoinOptions {
	/** The app's signalling connection, already connected and authenticated; it stays open after the consultation. */
	socket: SignalingSocket;
	consultationId: string;
}

/**
 * One terminal's side of a consultation: its seat in the media room, the
 * mediasoup device and its transports, over the app's shared signalling
 * socket. The clinic sends its sources through it; every participant receives
 * what the others send. UI code listens to its events.
 */
export class ConsultationClient extends EventEmitter<ConsultationClientEvents> {
	readonly #socket: SignalingSocket;
	/** Loaded with the router's capabilities; everything that sends or receives waits for it. */
	readonly #device: Promise<Device>;
	readonly #joined: ResponseData<'room:join'>;
	#peers: PeerInfo[];
	#sendTransport: Promise<ms.Transport> | undefined;
	#recvTransport: Promise<ms.Transport> | undefined;
	readonly #producers = new Map<CapturedSource, ms.Producer>();
	readonly #consumers = new Map<string, ms.Consumer>();
	readonly #dataConsumers = new Map<string, ms.DataConsumer>();
	#remoteTracks: RemoteTrack[] = [];
	/** Ten minutes of once-a-second readings for the trend. */
	#vitals = VitalsHistory.withCapacity(600);
	#lastProblem: ProtocolError | undefined;
	#vitalsProducer: Promise<ms.DataProducer> | undefined;
	#gapFill: ReturnType<typeof setTimeout> | undefined;
	/** What this client added to the shared socket, to take exactly that off again. */
	readonly #socketListeners: [event: string, listener: (...args: never[]) => void][] = [];
	#closed = false;

	private constructor(socket: SignalingSocket, joined: ResponseData<'room:join'>) {
		super();
		this.#socket = socket;
		this.#device = Device.factory().then(async (device) => {
			await device.load({ routerRtpCapabilities: joined.routerRtpCapabilities as ms.RtpCapabilities });
			return device;
		});
		this.#joined = joined;
		this.#peers = joined.peers;
	}

	/** Takes this account's seat in an accepted or live consultation and starts receiving what is already being sent. */
	static async join({ socket, consultationId }: JoinOptions): Promise<ConsultationClient> {
		if (!socket.connected) throw new ProtocolError('UNREACHABLE', 'not connected to the server');
		const joined = await sendRequest(socket, 'room:join', { consultationId });
		// Listen before any other await: a producer announced while the device
		// loads must not be lost. Socket.IO delivers each message in its own
		// task, after this continuation's microtasks.
		const client = new ConsultationClient(socket, joined);
		client.#listen();
		try {
			await client.#device;
			await client.#receiveExisting();
			// Whoever joins late (or again) sees what was measured before, from the server.
			if (client.role !== 'clinic') void client.fillVitalsFromServer();
			return client;
		} catch (error) {
			await client.close();
			throw error;
		}
	}

	get consultationId(): string {
		return this.#joined.consultationId;
	}

	get consultationCode(): string {
		return this.#joined.consultationCode;
	}

	/** The seat the server gave this account: clinic, expert, or observer (an admin, who sends nothing). */
	get role(): Role {
		return this.#joined.role;
	}

	get peers(): PeerInfo[] {
		return this.#peers;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** What is being received now; listeners of 'tracks' and 'vitals' get the updates. */
	get remoteTracks(): RemoteTrack[] {
		return this.#remoteTracks;
	}

	get vitals(): VitalsHistory {
		return this.#vitals;
	}

	/** The most recent problem reported through 'problem'. */
	get lastProblem(): ProtocolError | undefined {
		return this.#lastProblem;
	}

	/** Sends one captured track with its source's codec settings; replaces the track if already sending. */
	async send(source: CapturedSource, track: MediaStreamTrack): Promise<void> {
		const settings = SOURCE_SETTINGS[source];
		// The document camera's text and edges: tell the encoder detail matters more than motion.
		if (settings.contentHint) track.contentHint = settings.contentHint;
		const existing = this.#producers.get(source);
		if (existing && !existing.closed) {
			await existing.replaceTrack({ track });
			return;
		}
		const transport = await this.#ensureSendTransport();
		const device = await this.#device;
		const codec = device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === settings.preferredCodec.toLowerCase());
		const producer = await transport.produce({
			track,
			codec,
			codecOptions: settings.codecOptions,
			encodings: [{ priority: settings.priority }],
			stopTracks: false,
			appData: { source },
		});
		this.#producers.set(source, producer);
		if (settings.degradationPreference) await keepResolution(producer.rtpSender, settings.degradationPreference);
		producer.on('trackended', () => this.#problem(new ProtocolError('MEDIA_REJECTED', `${source} input stopped`)));
	}

	/** Stops sending a source altogether (the document camera switched off); the others see its track go. */
	async stopSending(source: CapturedSource): Promise<void> {
		const producer = this.#producers.get(source);
		this.#producers.delete(source);
		if (!producer || producer.closed) return;
		producer.close();
		await sendRequest(this.#socket, 'producer:close', { producerId: producer.id }).catch((error: unknown) => this.#report(error));
	}

	/** Pauses or resumes sending a source; a paused source sends nothing (a muted microphone). */
	setPaused(source: CapturedSource, paused: boolean): void {
		const producer = this.#producers.get(source);
		if (!producer || producer.closed) return;
		if (paused) producer.pause();
		else producer.resume();
	}

	/** Sends one vitals message, opening the vitals data channel on first use (once, however many devices send at the same moment). */
	async sendVitals(message: VitalsMessage): Promise<void> {
		if (!this.#vitalsProducer) {
			this.#vitalsProducer = this.#openVitalsChannel();
			this.#vitalsProducer.catch(() => (this.#vitalsProducer = undefined));
		}
		const producer = await this.#vitalsProducer;
		if (producer.closed) {
			this.#vitalsProducer = undefined;
			throw new ProtocolError('ROOM_CLOSED', 'the vitals channel was closed');
		}
		producer.send(JSON.stringify(message));
	}

	async #openVitalsChannel(): Promise<ms.DataProducer> {
		const transport = await this.#ensureSendTransport();
		const producer = await transport.produceData({
			ordered: true,
			label: VITALS_CHANNEL_LABEL,
			protocol: VITALS_CHANNEL_PROTOCOL,
			appData: { source: 'vitals' },
		});
		if (producer.readyState !== 'open') await new Promise<void>((resolve) => producer.once('open', resolve));
		return producer;
	}

	/**
	 * Leaves the consultation and releases every transport; capture tracks stay
	 * with their owner and the shared socket stays connected for the rest of the app.
	 */
	async close(): Promise<void> {
		if (this.#closed) return;
		// Without an answer the server drops the seat anyway when it sees the room empty or the socket gone.
		if (this.#socket.connected) await sendRequest(this.#socket, 'room:leave', {}, 3000).catch(() => undefined);
		this.#shutDown('left');
	}

	#shutDown(reason: CloseReason): void {
		if (this.#closed) return;
		this.#closed = true;
		clearTimeout(this.#gapFill);
		void this.#sendTransport?.then((t) => t.close(), () => undefined);
		void this.#recvTransport?.then((t) => t.close(), () => undefined);
		const socket = this.#socket as unknown as UntypedSocket;
		for (const [event, listener] of this.#socketListeners.splice(0)) socket.off(event, listener);
		this.emit('closed', reason);
		this.removeAllListeners();
	}

	#listen(): void {
		this.#on('peer:joined', (peer) => {
			this.#peers = [...this.#peers.filter((p) => p.peerId !== peer.peerId), peer];
			this.emit('peers', this.#peers);
		});
		this.#on('peer:left', ({ peerId }) => {
			this.#peers = this.#peers.filter((p) => p.peerId !== peerId);
			this.emit('peers', this.#peers);
		});
		this.#on('producer:new', (info) => void this.#consume(info));
		this.#on('dataProducer:new', (info) => void this.#consumeData(info));
		this.#on('consumer:closed', ({ consumerId }) => this.#dropConsumer(consumerId));
		this.#on('producer:closed', ({ producerId }) => {
			for (const [id, consumer] of this.#consumers) if (consumer.producerId === producerId) this.#dropConsumer(id);
		});
		this.#on('dataProducer:closed', ({ dataProducerId }) => {
			for (const [id, dc] of this.#dataConsumers) {
				if (dc.dataProducerId === dataProducerId) {
					dc.close();
					this.#dataConsumers.delete(id);
				}
			}
		});
		this.#on('room:closed', ({ reason }) => this.#shutDown(reason));
		this.#on('request:rejected', ({ error }) => this.#problem(new ProtocolError(error.code, error.message)));
		// The server drops a disconnected socket's seat, so a reconnected socket is no longer in the room.
		this.#addSocketListener('disconnect', () => this.#shutDown('disconnected'));
	}

	#addSocketListener(event: string, listener: (payload: never) => void): void {
		(this.#socket as unknown as UntypedSocket).on(event, listener);
		this.#socketListeners.push([event, listener]);
	}

	/** Subscribes to a notification, validating its payload against the protocol first. */
	#on<E extends NotificationName>(event: E, handler: (payload: NotificationPayload<E>) => void): void {
		const listener = (payload: unknown): void => {
			const parsed = NOTIFICATIONS[event].safeParse(payload);
			if (parsed.success) handler(parsed.data as NotificationPayload<E>);
			else this.#problem(new ProtocolError('INVALID_PAYLOAD', `server sent a malformed ${event}`));
		};
		this.#addSocketListener(event, listener);
	}

	async #receiveExisting(): Promise<void> {
		await Promise.all([
			...this.#joined.producers.map((p) => this.#consume(p)),
			...this.#joined.dataProducers.map((d) => this.#consumeData(d)),
		]);
	}

	async #consume(info: ProducerInfo): Promise<void> {
		try {
			const transport = await this.#ensureRecvTransport();
			const answer = await sendRequest(this.#socket, 'consumer:create', {
				transportId: transport.id,
				producerId: info.producerId,
				rtpCapabilities: (await this.#device).rtpCapabilities as ResponseData<'room:join'>['routerRtpCapabilities'],
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
			this.#remoteTracks = [...this.#remoteTracks.filter((t) => t.source !== remote.source), remote];
			this.emit('tracks', this.#remoteTracks);
			await sendRequest(this.#socket, 'consumer:resume', { consumerId: consumer.id });
		} catch (error) {
			this.#report(error);
		}
	}

	async #consumeData(info: DataProducerInfo): Promise<void> {
		try {
			const transport = await this.#ensureRecvTransport();
			const answer = await sendRequest(this.#socket, 'dataConsumer:create', {
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
			dataConsumer.on('message', (data: unknown) => this.#onVitals(data));
		} catch (error) {
			this.#report(error);
		}
	}

	#onVitals(data: unknown): void {
		if (typeof data !== 'string') {
			this.#problem(new ProtocolError('INVALID_PAYLOAD', 'vitals channel sent binary data'));
			return;
		}
		try {
			this.#addVitals(decodeVitalsMessage(data).observations);
		} catch {
			this.#problem(new ProtocolError('INVALID_PAYLOAD', 'a vitals message did not match the protocol and was ignored'));
			return;
		}
		if (this.#vitals.devices.some((d) => d.missed > 0)) this.#scheduleGapFill();
	}

	#addVitals(observations: VitalsObservation[]): void {
		const next = this.#vitals.add(...observations);
		if (next === this.#vitals) return;
		this.#vitals = next;
		this.emit('vitals', this.#vitals);
	}

	/**
	 * Fetches what the server stored for this consultation, to fill what the
	 * live channel missed (a dropped link, joining late). At most once every
	 * few seconds: the clinic's outbox needs time to deliver after a drop.
	 */
	#scheduleGapFill(delayMs = GAP_FILL_DELAY_MS): void {
		if (this.#gapFill !== undefined || this.#closed) return;
		this.#gapFill = setTimeout(() => {
			void this.fillVitalsFromServer().finally(() => {
				this.#gapFill = undefined;
				if (!this.#closed && this.#vitals.devices.some((d) => d.missed > 0)) this.#scheduleGapFill();
			});
		}, delayMs);
	}

	/** The patient's readings from earlier consultations (for the trend); empty when the server cannot be asked. */
	async earlierVitals(): Promise<EarlierObservation[]> {
		if (!this.#socket.connected) return [];
		try {
			return (await sendRequest(this.#socket, 'observation:earlier', { consultationId: this.consultationId })).observations;
		} catch (error) {
			this.#report(error);
			return [];
		}
	}

	/** Adds every observation the server holds for this consultation that this client has not seen. */
	async fillVitalsFromServer(): Promise<void> {
		if (!this.#socket.connected) return;
		try {
			const { observations } = await sendRequest(this.#socket, 'observation:list', { consultationId: this.consultationId });
			this.#addVitals(observations);
		} catch (error) {
			this.#report(error);
		}
	}

	#dropConsumer(consumerId: string): void {
		const consumer = this.#consumers.get(consumerId);
		if (!consumer) return;
		consumer.close();
		this.#consumers.delete(consumerId);
		this.#remoteTracks = this.#remoteTracks.filter((t) => t.consumerId !== consumerId);
		this.emit('tracks', this.#remoteTracks);
	}

	#ensureSendTransport(): Promise<ms.Transport> {
		this.#sendTransport ??= this.#createTransport('send');
		return this.#sendTransport;
	}

	#ensureRecvTransport(): Promise<ms.Transport> {
		this.#recvTransport ??= this.#createTransport('recv');
		return this.#recvTransport;
	}

	async #createTransport(direction: 'send' | 'recv'): Promise<ms.Transport> {
		const params = await sendRequest(this.#socket, 'transport:create', { direction, sctp: true });
		const options: ms.TransportOptions = {
			id: params.transportId,
			iceParameters: params.iceParameters,
			iceCandidates: params.iceCandidates as ms.IceCandidate[],
			dtlsParameters: params.dtlsParameters as ms.DtlsParameters,
			sctpParameters: params.sctpParameters as ms.SctpParameters | undefined,
		};
		const device = await this.#device;
		const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
		transport.on('connect', ({ dtlsParameters }, callback, errback) => {
			sendRequest(this.#socket, 'transport:connect', {
				transportId: transport.id,
				dtlsParameters: dtlsParameters as ResponseData<'transport:create'>['dtlsParameters'],
			}).then(callback, errback);
		});
		transport.on('connectionstatechange', (state) => {
			if (state === 'failed') this.#problem(new ProtocolError('MEDIA_REJECTED', `${direction} media connection failed`));
		});
		if (direction === 'send') {
			transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
				sendRequest(this.#socket, 'producer:create', {
					transportId: transport.id,
					kind,
					rtpParameters: rtpParameters as ResponseData<'consumer:create'>['rtpParameters'],
					source: appData.source as MediaSource,
				}).then(({ producerId }) => callback({ id: producerId }), errback);
			});
			transport.on('producedata', ({ sctpStreamParameters, label, protocol }, callback, errback) => {
				sendRequest(this.#socket, 'dataProducer:create', {
					transportId: transport.id,
					// mediasoup-client always fills streamId for SCTP transports.
					sctpStreamParameters: sctpStreamParameters as { streamId: number },
					label: label ?? VITALS_CHANNEL_LABEL,
					protocol: protocol ?? VITALS_CHANNEL_PROTOCOL,
					source: 'vitals',
				}).then(({ dataProducerId }) => callback({ id: dataProducerId }), errback);
			});
		}
		return transport;
	}

	#report(error: unknown): void {
		this.#problem(error instanceof ProtocolError ? error : new ProtocolError('INTERNAL', (error as Error).message));
	}

	#problem(error: ProtocolError): void {
		this.#lastProblem = error;
		this.emit('problem', error);
	}
}

type UntypedSocket = {
	on(event: string, listener: (...args: never[]) => void): void;
	off(event: string, listener: (...args: never[]) => void): void;
};

/**
 * Asks the sender's encoder to give up frame rate, not resolution, when the
 * link is short (RTCRtpSender.setParameters). A browser that does not support
 * it keeps its default; the video still goes.
 */
async function keepResolution(sender: RTCRtpSender | undefined, preference: RTCDegradationPreference): Promise<void> {
	if (!sender) return;
	try {
		const parameters = sender.getParameters();
		await sender.setParameters({ ...parameters, degradationPreference: preference });
	} catch {
		// Not supported here: the encoder's default (balanced) applies.
	}
}
