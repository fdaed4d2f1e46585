import type { CapturedSource } from '@consultdesk/media-settings';
import {
	ProtocolError,
	sendRequest,
	type EarlierObservation,
	type NotificationPayload,
	type PeerInfo,
	type ResponseData,
	type Role,
	type VitalsMessage,
} from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { SignalingSocket } from '../session/signaling-connection.js';
import { MediaReceiver, type RemoteTrack } from './media-receiver.js';
import { MediaSender } from './media-sender.js';
import { MediaTransports } from './media-transports.js';
import { RoomSignaling } from './room-signaling.js';
import { VitalsFeed } from './vitals-feed.js';
import type { VitalsHistory } from './vitals-history.js';

export type { RemoteTrack } from './media-receiver.js';

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
 * One terminal's side of a consultation: its seat in the media room over the
 * app's shared signalling socket. It puts together the pieces that each do one
 * job — RoomSignaling (requests and validated notifications), MediaTransports
 * (the mediasoup device and its transports), MediaSender (what the clinic
 * captures), MediaReceiver (what the others send) and VitalsFeed (live and
 * stored readings) — and keeps the seat's peers and problems. UI code listens
 * to its events.
 */
export class ConsultationClient extends EventEmitter<ConsultationClientEvents> {
	readonly #signaling: RoomSignaling;
	readonly #joined: ResponseData<'room:join'>;
	readonly #transports: MediaTransports;
	readonly #sender: MediaSender;
	readonly #receiver: MediaReceiver;
	readonly #vitals: VitalsFeed;
	#peers: PeerInfo[];
	#lastProblem: ProtocolError | undefined;
	#closed = false;

	private constructor(socket: SignalingSocket, joined: ResponseData<'room:join'>) {
		super();
		const signaling = new RoomSignaling(socket, (error) => this.#problem(error));
		this.#signaling = signaling;
		this.#joined = joined;
		this.#peers = joined.peers;
		const report = (error: unknown): void => this.#report(error);
		this.#transports = new MediaTransports({
			signaling,
			routerRtpCapabilities: joined.routerRtpCapabilities,
			onStateChange: (direction, state) => {
				if (state === 'failed') this.#problem(new ProtocolError('MEDIA_REJECTED', `${direction} media connection failed`));
			},
		});
		this.#sender = new MediaSender(this.#transports, report);
		this.#receiver = new MediaReceiver(signaling, this.#transports, report);
		this.#vitals = new VitalsFeed(signaling, joined.consultationId, report);
		this.#receiver.on('tracks', (tracks) => this.emit('tracks', tracks));
		this.#receiver.on('data', (data) => this.#vitals.receive(data));
		this.#vitals.on('vitals', (history) => this.emit('vitals', history));
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
			await client.#transports.device;
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
		return this.#receiver.tracks;
	}

	get vitals(): VitalsHistory {
		return this.#vitals.history;
	}

	/** The most recent problem reported through 'problem'. */
	get lastProblem(): ProtocolError | undefined {
		return this.#lastProblem;
	}

	/** Sends one captured track with its source's codec settings; replaces the track if already sending. */
	send(source: CapturedSource, track: MediaStreamTrack): Promise<void> {
		return this.#sender.send(source, track);
	}

	/** Pauses or resumes sending a source; a paused source sends nothing (a muted microphone). */
	setPaused(source: CapturedSource, paused: boolean): void {
		this.#sender.setPaused(source, paused);
	}

	/** Sends one vitals message over the consultation's data channel. */
	sendVitals(message: VitalsMessage): Promise<void> {
		return this.#sender.sendVitals(message);
	}

	/** The patient's readings from earlier consultations (for the trend); empty when the server cannot be asked. */
	earlierVitals(): Promise<EarlierObservation[]> {
		return this.#vitals.earlier();
	}

	/** Adds every observation the server holds for this consultation that this client has not seen. */
	fillVitalsFromServer(): Promise<void> {
		return this.#vitals.fillFromServer();
	}

	/**
	 * Leaves the consultation and releases every transport; capture tracks stay
	 * with their owner and the shared socket stays connected for the rest of the app.
	 */
	async close(): Promise<void> {
		if (this.#closed) return;
		// Without an answer the server drops the seat anyway when it sees the room empty or the socket gone.
		await this.#signaling.request('room:leave', {}, 3000).catch(() => undefined);
		this.#shutDown('left');
	}

	#shutDown(reason: CloseReason): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#vitals.close();
		this.#transports.close();
		this.#signaling.detach();
		this.emit('closed', reason);
		this.removeAllListeners();
	}

	#listen(): void {
		const signaling = this.#signaling;
		signaling.on('peer:joined', (peer) => this.#setPeers([...this.#peers.filter((p) => p.peerId !== peer.peerId), peer]));
		signaling.on('peer:left', ({ peerId }) => this.#setPeers(this.#peers.filter((p) => p.peerId !== peerId)));
		signaling.on('producer:new', (info) => void this.#receiver.consume(info));
		signaling.on('dataProducer:new', (info) => void this.#receiver.consumeData(info));
		signaling.on('consumer:closed', ({ consumerId }) => this.#receiver.dropConsumer(consumerId));
		signaling.on('producer:closed', ({ producerId }) => this.#receiver.dropProducer(producerId));
		signaling.on('dataProducer:closed', ({ dataProducerId }) => this.#receiver.dropDataProducer(dataProducerId));
		signaling.on('room:closed', ({ reason }) => this.#shutDown(reason));
		signaling.on('request:rejected', ({ error }) => this.#problem(new ProtocolError(error.code, error.message)));
		// The server drops a disconnected socket's seat, so a reconnected socket is no longer in the room.
		signaling.onSocket('disconnect', () => this.#shutDown('disconnected'));
	}

	async #receiveExisting(): Promise<void> {
		await Promise.all([
			...this.#joined.producers.map((p) => this.#receiver.consume(p)),
			...this.#joined.dataProducers.map((d) => this.#receiver.consumeData(d)),
		]);
	}

	#setPeers(peers: PeerInfo[]): void {
		this.#peers = peers;
		this.emit('peers', peers);
	}

	#report(error: unknown): void {
		this.#problem(error instanceof ProtocolError ? error : new ProtocolError('INTERNAL', (error as Error).message));
	}

	#problem(error: ProtocolError): void {
		this.#lastProblem = error;
		this.emit('problem', error);
	}
}
