import type { CapturedSource, VideoQuality } from '@consultdesk/media-settings';
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
import { qualityBetween, sampleStats, type ConnectionQuality, type QualitySample, type StatsEntry } from './connection-quality.js';
import { InboundWatchdog } from './inbound-watchdog.js';
import { pathSilenceMs, PathWatch } from './path-watch.js';
import { linkStatus, type LinkObservations, type LinkStatus } from './link-status.js';
import { MediaReceiver, type RemoteTrack } from './media-receiver.js';
import { MediaSender } from './media-sender.js';
import { MediaTransports, type Direction } from './media-transports.js';
import type { types as ms } from 'mediasoup-client';
import { RoomSignaling } from './room-signaling.js';
import { VitalsFeed } from './vitals-feed.js';
import type { VitalsHistory } from './vitals-history.js';

export type { RemoteTrack } from './media-receiver.js';
export type { LinkStatus } from './link-status.js';
export type { ConnectionQuality } from './connection-quality.js';

/** How often connection quality is sampled for the consoles. */
const QUALITY_POLL_MS = 2000;

export interface ConsultationClientEvents {
	peers: [peers: PeerInfo[]];
	/** The remote tracks changed; the argument is all of them. */
	tracks: [tracks: RemoteTrack[]];
	/** A vitals message arrived; the argument is the whole history so far. */
	vitals: [history: VitalsHistory];
	/** Something went wrong that the user should see; the consultation carries on. */
	problem: [error: ProtocolError];
	/** The link changed: this terminal's or the others' dropped or came back. */
	link: [status: LinkStatus];
	/** Round trip, loss, bit rates and path, every few seconds. */
	quality: [quality: ConnectionQuality];
	closed: [reason: CloseReason];
}

/**
 * Why a consultation client closed: this terminal left, or the server closed
 * the room for good. A lost connection does not close it: it reconnects.
 */
export type CloseReason = 'left' | Exclude<NotificationPayload<'room:closed'>['reason'], RecoverableRoomClose>;

/** Room closures the client recovers from by itself, by taking a fresh seat in the consultation's new room. */
type RecoverableRoomClose = 'server-shutdown' | 'media-worker-died';
const RECOVERABLE_ROOM_CLOSES: ReadonlySet<string> = new Set<RecoverableRoomClose>(['server-shutdown', 'media-worker-died']);

/** Refusals of a resume that mean the consultation is over for this account (ended, or no longer its to see). */
const FINAL_REFUSALS: ReadonlySet<string> = new Set(['NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE', 'ROLE_TAKEN']);

/** Failures that only mean the link is down, which the link banner already says. */
const LINK_ERRORS: ReadonlySet<string> = new Set(['TIMEOUT', 'UNREACHABLE']);

/**
 * An ICE restart after the path died must be answered this fast; if not, the
 * socket shares the dead path and is reconnected at once rather than after
 * its ping times out.
 */
const ICE_RESTART_ANSWER_MS = 600;
/**
 * While the send path is down and the signalling connection with it, the
 * path is checked afresh (a local ICE restart) this often, so that recent
 * checks are under way when the link returns or the browser learns of a new
 * address (Chromium on Linux only does ~2 s after the change). A restart
 * costs a local offer/answer, nothing on the link.
 */
const LOCAL_ICE_RESTART_MS = 2000;
/** How often each transport's path is checked for silence. */
const PATH_POLL_MS = 250;
/** Between attempts to get the seat back while the socket is up but the server did not answer. */
const RESUME_RETRY_MS = 2000;
/** Again after the server said this connection sends too much for now: the backlog it is draining takes a moment. */
const BUSY_RETRY_MS = 300;

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
	readonly #socket: SignalingSocket;
	readonly #signaling: RoomSignaling;
	#joined: ResponseData<'room:join'>;
	#transports: MediaTransports;
	readonly #sender: MediaSender;
	readonly #receiver: MediaReceiver;
	readonly #vitals: VitalsFeed;
	readonly #watchdog: InboundWatchdog;
	#peers: PeerInfo[];
	#lastProblem: ProtocolError | undefined;
	readonly #observed: LinkObservations & { peerLostSince: Map<string, number> } = {
		localLostSince: undefined,
		peerLostSince: new Map(),
		inboundStalledSince: undefined,
		restoredAt: undefined,
	};
	#link: LinkStatus = { state: 'ok' };
	/** Each transport's path, watched for silence, by direction. */
	readonly #pathWatches = new Map<Direction, PathWatch>();
	#pathTimer: ReturnType<typeof setInterval> | undefined;
	/** Directions whose path is down (ICE says so, or it fell silent) until their transport connects again. */
	readonly #pathsDown = new Set<Direction>();
	#resuming: Promise<void> | undefined;
	#quality: ConnectionQuality | undefined;
	#qualitySample: QualitySample | undefined;
	#qualityTimer: ReturnType<typeof setInterval> | undefined;
	#resumeRetry: ReturnType<typeof setTimeout> | undefined;
	/** When the send path was last checked afresh without the server, to space those checks. */
	#sendPathProbedAt = 0;
	#closed = false;

	private constructor(socket: SignalingSocket, joined: ResponseData<'room:join'>) {
		super();
		const signaling = new RoomSignaling(socket, (error) => this.#problem(error));
		this.#socket = socket;
		this.#signaling = signaling;
		this.#joined = joined;
		this.#peers = joined.peers;
		const report = (error: unknown): void => this.#report(error);
		this.#transports = this.#createTransports(joined);
		this.#sender = new MediaSender(signaling, this.#transports, report);
		this.#receiver = new MediaReceiver(signaling, this.#transports, report);
		this.#vitals = new VitalsFeed(signaling, joined.consultationId, report);
		this.#watchdog = new InboundWatchdog({
			packetCounts: () => this.#receiver.packetCounts(),
			onChange: (since) => {
				this.#observed.inboundStalledSince = since;
				this.#updateLink();
			},
		});
		this.#receiver.on('tracks', (tracks) => this.emit('tracks', tracks));
		this.#receiver.on('data', (data) => this.#vitals.receive(data));
		this.#vitals.on('vitals', (history) => this.emit('vitals', history));
		for (const peer of joined.peers) if (peer.connection === 'reconnecting') this.#observed.peerLostSince.set(peer.peerId, Date.now());
		this.#link = linkStatus(this.#observed, this.#peers);
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
			client.#watchdog.start();
			client.#qualityTimer = setInterval(() => void client.#sampleQuality(), QUALITY_POLL_MS);
			client.#pathTimer = setInterval(() => void client.#watchPaths(), PATH_POLL_MS);
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

	/** The shared signalling socket, for room features kept in their own modules (auscultation sites). */
	get socket(): SignalingSocket {
		return this.#socket;
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

	/** What the screen should say about the link now; listeners of 'link' get the changes. */
	get link(): LinkStatus {
		return this.#link;
	}

	/** The latest connection quality; undefined until first sampled. */
	get quality(): ConnectionQuality | undefined {
		return this.#quality;
	}

	/** The size cap on the exam video this terminal receives. */
	get videoQuality(): VideoQuality {
		return this.#receiver.videoQuality;
	}

	/** Caps the exam video received (an expert on a poor link keeps its bandwidth for the sound). */
	async setVideoQuality(quality: VideoQuality): Promise<void> {
		await this.#receiver.setVideoQuality(quality);
	}

	/** The most recent problem reported through 'problem'. */
	get lastProblem(): ProtocolError | undefined {
		return this.#lastProblem;
	}

	/** Sends one captured track with its source's codec settings; replaces the track if already sending. */
	send(source: CapturedSource, track: MediaStreamTrack): Promise<void> {
		return this.#sender.send(source, track);
	}

	/** Stops sending a source altogether (the document camera switched off); the others see its track go. */
	stopSending(source: CapturedSource): Promise<void> {
		return this.#sender.stopSending(source);
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
		this.#watchdog.stop();
		clearInterval(this.#qualityTimer);
		clearInterval(this.#pathTimer);
		clearTimeout(this.#resumeRetry);
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
		signaling.on('peer:connection', ({ peerId, connection }) => {
			if (connection === 'reconnecting') this.#observed.peerLostSince.set(peerId, Date.now());
			else this.#observed.peerLostSince.delete(peerId);
			this.#setPeers(this.#peers.map((p) => (p.peerId === peerId ? { ...p, connection } : p)));
		});
		signaling.on('producer:new', (info) => void this.#receiver.consume(info));
		signaling.on('dataProducer:new', (info) => void this.#receiver.consumeData(info));
		signaling.on('consumer:closed', ({ consumerId }) => this.#receiver.dropConsumer(consumerId));
		signaling.on('consumer:layers', ({ consumerId, spatialLayer }) => this.#receiver.setLayer(consumerId, spatialLayer));
		signaling.on('producer:closed', ({ producerId }) => this.#receiver.dropProducer(producerId));
		signaling.on('dataProducer:closed', ({ dataProducerId }) => this.#receiver.dropDataProducer(dataProducerId));
		signaling.on('room:closed', ({ reason }) => {
			if (!RECOVERABLE_ROOM_CLOSES.has(reason)) {
				this.#shutDown(reason as CloseReason);
				return;
			}
			// The room is gone but not the consultation: take a fresh seat in its new room, now or once reconnected.
			this.#setLocalLost(true);
			this.#joined = { ...this.#joined, peerId: '' };
			if (signaling.connected) this.#resume();
		});
		signaling.on('request:rejected', ({ error }) => this.#problem(new ProtocolError(error.code, error.message)));
		// The server holds this seat while the connection is down; the screen stays as it was, saying so.
		signaling.onSocket('disconnect', () => this.#setLocalLost(true));
		signaling.onSocket('connect', () => this.#resume());
	}

	#createTransports(joined: ResponseData<'room:join'>): MediaTransports {
		return new MediaTransports({
			signaling: this.#signaling,
			routerRtpCapabilities: joined.routerRtpCapabilities,
			onStateChange: (direction, state) => this.#onTransportState(direction, state),
		});
	}

	/**
	 * Gets this terminal's seat back after its connection returned. If the
	 * server still holds it, everything goes on over the same transports (ICE
	 * restarted where its path is gone) and only what changed meanwhile is
	 * received anew; if not (the server restarted, or gave the seat up), a
	 * fresh seat is taken and everything is set up again. No rejoin by hand.
	 */
	#resume(): void {
		if (this.#closed || this.#resuming) return;
		clearTimeout(this.#resumeRetry);
		this.#resuming = this.#takeSeatAgain()
			.catch((error: unknown) => {
				if (error instanceof ProtocolError && FINAL_REFUSALS.has(error.code)) {
					this.#shutDown(error.code === 'INVALID_STATE' ? 'consultation-ended' : 'seat-taken-over');
					return;
				}
				// Not answered (the link failed again, or the server is still starting), or refused for now
				// (a clinic's outbox draining a long cut's backlog on the same connection): try again while connected.
				const busy = error instanceof ProtocolError && error.code === 'RATE_LIMITED';
				if (!busy && !(error instanceof ProtocolError && LINK_ERRORS.has(error.code))) this.#report(error);
				this.#resumeRetry = setTimeout(() => this.#signaling.connected && this.#resume(), busy ? BUSY_RETRY_MS : RESUME_RETRY_MS);
			})
			.finally(() => (this.#resuming = undefined));
	}

	async #takeSeatAgain(): Promise<void> {
		const resumePeerId = this.#joined.peerId || undefined;
		const joined = await this.#signaling.request('room:join', { consultationId: this.consultationId, ...(resumePeerId ? { resumePeerId } : {}) });
		if (this.#closed) return;
		this.#joined = joined;
		this.#observed.peerLostSince.clear();
		for (const peer of joined.peers) if (peer.connection === 'reconnecting') this.#observed.peerLostSince.set(peer.peerId, Date.now());
		this.#setPeers(joined.peers);
		if (joined.resumed) {
			await Promise.all([this.#restartIceEverywhere(), this.#receiver.reconcile(joined.producers, joined.dataProducers)]);
		} else {
			this.#transports.close();
			this.#transports = this.#createTransports(joined);
			// Before any await: a stream another seat announces from now on (its own re-send after the same
			// server restart) must be received over the new transports, not tried on the closed ones and lost.
			const receiving = this.#receiver.receiveAgain(this.#transports, joined.producers, joined.dataProducers);
			await this.#transports.device;
			await Promise.all([this.#sender.resend(this.#transports), receiving]);
		}
		if (!joined.resumed) this.#pathsDown.clear();
		this.#resuming = undefined;
		this.#updateLocalLost();
		if (this.role !== 'clinic') void this.fillVitalsFromServer();
	}

	/**
	 * After the socket came back every transport gets new ICE credentials: the
	 * drop often means the path changed (a new address), and neither ICE nor
	 * the path watch may have noticed yet. On a path that still works the
	 * media goes on while ICE checks the new credentials.
	 */
	async #restartIceEverywhere(): Promise<void> {
		await Promise.all((await this.#transports.created()).map((transport) => this.#restartIce(transport)));
	}

	async #restartIce(transport: ms.Transport): Promise<void> {
		try {
			await this.#transports.restartIce(transport, ICE_RESTART_ANSWER_MS);
		} catch (error) {
			if (error instanceof ProtocolError && error.code === 'NOT_FOUND') {
				// The server no longer knows the transport: only a fresh seat brings the media back.
				this.#joined = { ...this.#joined, peerId: '' };
				this.#resume();
			} else if (error instanceof ProtocolError && error.code === 'RATE_LIMITED') {
				setTimeout(() => void this.#restartIce(transport), BUSY_RETRY_MS);
			} else if (error instanceof ProtocolError && error.code === 'TIMEOUT') {
				// The socket rides the same dead path and has not noticed: reconnect now; the resume restarts ICE.
				this.#signaling.reconnectNow();
			} else if (!(error instanceof ProtocolError && LINK_ERRORS.has(error.code))) this.#report(error);
		}
	}

	/** ICE says a transport's path is gone ('disconnected' or 'failed') or back. */
	#onTransportState(direction: Direction, state: ms.ConnectionState): void {
		if (state === 'disconnected' || state === 'failed') this.#onPathLost(direction);
		else if (state === 'connected') {
			this.#pathsDown.delete(direction);
			this.#updateLocalLost();
		}
	}

	/** Checks each transport for a path that fell silent, which is seen well before ICE gives up on it. */
	async #watchPaths(): Promise<void> {
		if (!this.#signaling.connected && this.#pathsDown.has('send')) this.#probeSendPath();
		// Only the send transport: the server's feedback (RTCP, congestion control) reaches it whatever
		// the others do, whereas a silent receive transport may only mean the other side stopped sending.
		const transports = (await this.#transports.created()).filter((t) => t.direction === 'send');
		await Promise.all(
			transports.map(async (transport) => {
				const direction = transport.direction;
				let watch = this.#pathWatches.get(direction);
				if (!watch) this.#pathWatches.set(direction, (watch = new PathWatch()));
				try {
					const silence = pathSilenceMs([...(await transport.getStats()).values()] as StatsEntry[]);
					if (watch.observe(silence)) this.#onPathLost(direction);
					else if (watch.steady && this.#pathsDown.has(direction) && transport.connectionState === 'connected') {
						// Packets flow again on a path ICE never gave up on: it is back.
						this.#pathsDown.delete(direction);
						this.#updateLocalLost();
					}
				} catch {
					// A transport closing meanwhile has no path to watch.
				}
			}),
		);
	}

	/**
	 * A transport's path is gone — the link is down, or this terminal's address
	 * changed: ICE is restarted with new credentials at once, which also tests
	 * whether the socket still gets through.
	 */
	#onPathLost(direction: Direction): void {
		if (this.#closed) return;
		this.#pathsDown.add(direction);
		this.#updateLocalLost();
		// The send path looks for a way through by itself at once: the socket may share the dead path.
		if (direction === 'send') this.#probeSendPath();
		// Also while a resume is under way: it may have checked this path before it fell silent.
		if (!this.#signaling.connected) return; // the resume after reconnecting restarts ICE with the server
		void (direction === 'send' ? this.#transports.send() : this.#transports.recv()).then((t) => this.#restartIce(t));
	}

	/**
	 * Restarts the send transport's ICE without the server (at most every
	 * LOCAL_ICE_RESTART_MS), so the stethoscope and video come back on the
	 * first check that gets through rather than once the signalling
	 * connection is back: after minutes of failed attempts the browser
	 * delays each new one by seconds.
	 */
	#probeSendPath(): void {
		const now = Date.now();
		if (now - this.#sendPathProbedAt < LOCAL_ICE_RESTART_MS) return;
		this.#sendPathProbedAt = now;
		this.#transports.restartSendIceLocally().catch(() => undefined); // a transport closing meanwhile has no path to check
	}

	/** This terminal's link counts as lost while the socket or any transport's path is down. */
	#updateLocalLost(): void {
		this.#setLocalLost(this.#pathsDown.size > 0 || !this.#signaling.connected || this.#resuming !== undefined);
	}

	#setLocalLost(lost: boolean): void {
		const was = this.#observed.localLostSince;
		if (lost && was === undefined) this.#observed.localLostSince = Date.now();
		if (!lost && was !== undefined) {
			this.#observed.localLostSince = undefined;
			this.#observed.restoredAt = Date.now();
		}
		this.#updateLink();
	}

	#updateLink(): void {
		const before = this.#link;
		let next = linkStatus(this.#observed, this.#peers);
		if (before.state === 'remote-lost' && next.state === 'ok') {
			this.#observed.restoredAt = Date.now();
			next = { state: 'ok', restoredAt: this.#observed.restoredAt };
		}
		this.#link = next;
		if (JSON.stringify(before) !== JSON.stringify(next)) this.emit('link', next);
	}

	async #receiveExisting(): Promise<void> {
		await Promise.all([
			...this.#joined.producers.map((p) => this.#receiver.consume(p)),
			...this.#joined.dataProducers.map((d) => this.#receiver.consumeData(d)),
		]);
	}

	async #sampleQuality(): Promise<void> {
		try {
			const transports = await this.#transports.created();
			const reports = await Promise.all(transports.map(async (t) => [...(await t.getStats()).values()] as StatsEntry[]));
			const sample = sampleStats(reports, Date.now());
			this.#quality = qualityBetween(this.#qualitySample, sample);
			this.#qualitySample = sample;
			this.emit('quality', this.#quality);
		} catch {
			// A transport closing meanwhile: the next sample will do.
		}
	}

	#setPeers(peers: PeerInfo[]): void {
		this.#peers = peers;
		this.emit('peers', peers);
		this.#updateLink();
	}

	#report(error: unknown): void {
		this.#problem(error instanceof ProtocolError ? error : new ProtocolError('INTERNAL', (error as Error).message));
	}

	#problem(error: ProtocolError): void {
		this.#lastProblem = error;
		this.emit('problem', error);
	}
}
