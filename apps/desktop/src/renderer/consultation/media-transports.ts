import { ProtocolError, VITALS_CHANNEL_LABEL, VITALS_CHANNEL_PROTOCOL, type MediaSource, type ResponseData } from '@consultdesk/protocol';
import { Device } from 'mediasoup-client';
import type { types as ms } from 'mediasoup-client';
import type { RoomSignaling } from './room-signaling.js';

export type Direction = 'send' | 'recv';

export interface MediaTransportsOptions {
	signaling: RoomSignaling;
	routerRtpCapabilities: ResponseData<'room:join'>['routerRtpCapabilities'];
	/** A transport's connection state changed (to 'disconnected' or 'failed' when the path is gone). */
	onStateChange: (direction: Direction, state: ms.ConnectionState) => void;
}

/**
 * The mediasoup device of one seat and its two transports, created on first
 * use: the send transport carries what this terminal captures, the receive
 * transport everything the others send. Both are signalled over the room's
 * socket.
 */
export class MediaTransports {
	/** Loaded with the router's capabilities; everything that sends or receives waits for it. */
	readonly device: Promise<Device>;
	readonly #signaling: RoomSignaling;
	readonly #onStateChange: MediaTransportsOptions['onStateChange'];
	#send: Promise<ms.Transport> | undefined;
	#recv: Promise<ms.Transport> | undefined;
	/** The server's current ICE credentials of each transport, by transport id: what a local restart checks against. */
	readonly #serverIce = new Map<string, ms.IceParameters>();
	#closed = false;

	constructor({ signaling, routerRtpCapabilities, onStateChange }: MediaTransportsOptions) {
		this.#signaling = signaling;
		this.#onStateChange = onStateChange;
		this.device = Device.factory().then(async (device) => {
			await device.load({ routerRtpCapabilities: routerRtpCapabilities as ms.RtpCapabilities });
			return device;
		});
	}

	async rtpCapabilities(): Promise<ResponseData<'room:join'>['routerRtpCapabilities']> {
		return (await this.device).rtpCapabilities as ResponseData<'room:join'>['routerRtpCapabilities'];
	}

	send(): Promise<ms.Transport> {
		this.#send ??= this.#create('send');
		return this.#send;
	}

	recv(): Promise<ms.Transport> {
		this.#recv ??= this.#create('recv');
		return this.#recv;
	}

	/** Transports created so far, to check or restart their connections. */
	async created(): Promise<ms.Transport[]> {
		const settled = await Promise.allSettled([this.#send, this.#recv].filter((t) => t !== undefined));
		return settled.flatMap((r) => (r.status === 'fulfilled' && !r.value.closed ? [r.value] : []));
	}

	/**
	 * Gives a transport new ICE credentials from the server and restarts ICE,
	 * so it connects over whatever path works now (the link came back, or this
	 * terminal has a new address). The transport, and everything sent and
	 * received on it, stays.
	 */
	async restartIce(transport: ms.Transport, timeoutMs?: number): Promise<void> {
		const { iceParameters } = await this.#signaling.request('transport:restartIce', { transportId: transport.id }, timeoutMs);
		this.#serverIce.set(transport.id, iceParameters);
		await transport.restartIce({ iceParameters });
	}

	/**
	 * Restarts ICE on the send transport without asking the server, for when
	 * the signalling connection is down too: this terminal takes new ICE
	 * credentials of its own and checks every path again against the
	 * server's current ones. The server is ICE-lite and only authenticates
	 * its own half of the credentials, so the first check that gets through
	 * (the link is back, or over this terminal's new address) brings the
	 * media back without waiting for the signalling connection, which a
	 * browser throttles after many failed attempts. The receive transport
	 * cannot do this: as the answering side it restarts only when the
	 * server's credentials change.
	 */
	async restartSendIceLocally(): Promise<void> {
		const transport = await this.#send;
		const iceParameters = transport && this.#serverIce.get(transport.id);
		if (!transport || transport.closed || !iceParameters) return;
		await transport.restartIce({ iceParameters });
	}

	close(): void {
		this.#closed = true;
		for (const transport of [this.#send, this.#recv]) void transport?.then((t) => t.close(), () => undefined);
	}

	async #create(direction: Direction): Promise<ms.Transport> {
		const params = await this.#signaling.request('transport:create', { direction, sctp: true });
		const options: ms.TransportOptions = {
			id: params.transportId,
			iceParameters: params.iceParameters,
			iceCandidates: params.iceCandidates as ms.IceCandidate[],
			dtlsParameters: params.dtlsParameters as ms.DtlsParameters,
			sctpParameters: params.sctpParameters as ms.SctpParameters | undefined,
		};
		this.#serverIce.set(params.transportId, params.iceParameters);
		const device = await this.device;
		if (this.#closed) throw new ProtocolError('ROOM_CLOSED', 'the consultation was left while its media was being set up');
		const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
		transport.on('connect', ({ dtlsParameters }, callback, errback) => {
			this.#signaling
				.request('transport:connect', {
					transportId: transport.id,
					dtlsParameters: dtlsParameters as ResponseData<'transport:create'>['dtlsParameters'],
				})
				.then(callback, errback);
		});
		transport.on('connectionstatechange', (state) => this.#onStateChange(direction, state));
		if (direction === 'send') {
			transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
				this.#signaling
					.request('producer:create', {
						transportId: transport.id,
						kind,
						rtpParameters: rtpParameters as ResponseData<'consumer:create'>['rtpParameters'],
						source: appData.source as MediaSource,
					})
					.then(({ producerId }) => callback({ id: producerId }), errback);
			});
			transport.on('producedata', ({ sctpStreamParameters, label, protocol }, callback, errback) => {
				this.#signaling
					.request('dataProducer:create', {
						transportId: transport.id,
						// mediasoup-client always fills streamId for SCTP transports.
						sctpStreamParameters: sctpStreamParameters as { streamId: number },
						label: label ?? VITALS_CHANNEL_LABEL,
						protocol: protocol ?? VITALS_CHANNEL_PROTOCOL,
						source: 'vitals',
					})
					.then(({ dataProducerId }) => callback({ id: dataProducerId }), errback);
			});
		}
		return transport;
	}
}
