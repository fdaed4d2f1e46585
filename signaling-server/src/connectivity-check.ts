import { ROUTER_MEDIA_CODECS } from '@consultdesk/media-settings';
import { CONNECTIVITY_CHECK_REQUESTS, ProtocolError, type ParsedRequest, type RequestName, type ResponseData } from '@consultdesk/protocol';
import type { types } from 'mediasoup';
import type { Logger } from './logger.js';

export type CheckRequestName = keyof typeof CONNECTIVITY_CHECK_REQUESTS;
type Handlers = { [E in CheckRequestName]: (payload: ParsedRequest<E>) => Promise<ResponseData<E>> };

/** A check that was forgotten (the page closed mid-test) ends by itself. */
const CHECK_LIFETIME_MS = 60_000;

export interface ConnectivityCheckOptions {
	/** A router on the least-loaded worker, for this check alone, and that worker's WebRtcServer. */
	createRouter: (mediaCodecs: types.RouterRtpCodecCapability[]) => Promise<{ router: types.Router; webRtcServer: types.WebRtcServer }>;
	logger: Logger;
}

/**
 * One connection's pre-consultation media test: a router and one transport of
 * its own, one test producer, and what the SFU receives from it. Nothing here
 * touches a consultation; it closes on check:end, on a new check:start, when
 * the connection goes, or after a minute.
 */
export class ConnectivityCheck {
	readonly #o: ConnectivityCheckOptions;
	#router: types.Router | undefined;
	#transport: types.WebRtcTransport | undefined;
	#producer: types.Producer | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#closed = false;

	constructor(options: ConnectivityCheckOptions) {
		this.#o = options;
	}

	static handles(event: RequestName): event is CheckRequestName {
		return Object.hasOwn(CONNECTIVITY_CHECK_REQUESTS, event);
	}

	handle<E extends CheckRequestName>(event: E, payload: ParsedRequest<E>): Promise<ResponseData<E>> {
		return (this.#handlers[event] as (p: ParsedRequest<E>) => Promise<ResponseData<E>>)(payload);
	}

	/** Ends the check, and refuses new ones: the connection is gone. */
	close(): void {
		this.#closed = true;
		this.#end();
	}

	#end(): void {
		clearTimeout(this.#timer);
		this.#router?.close();
		this.#router = undefined;
		this.#transport = undefined;
		this.#producer = undefined;
	}

	#transportFor(transportId: string): types.WebRtcTransport {
		if (!this.#transport || this.#transport.id !== transportId || this.#transport.closed) throw new ProtocolError('NOT_FOUND', 'no such check transport; start the check again');
		return this.#transport;
	}

	readonly #handlers: Handlers = {
		'check:start': async ({ tcpOnly }) => {
			this.#end();
			const { router, webRtcServer } = await this.#o.createRouter(ROUTER_MEDIA_CODECS.map((codec) => ({ ...codec })) as types.RouterRtpCodecCapability[]);
			if (this.#closed) {
				router.close();
				throw new ProtocolError('NOT_IN_ROOM', 'the connection closed during the check');
			}
			this.#router = router;
			this.#timer = setTimeout(() => this.#end(), CHECK_LIFETIME_MS);
			try {
				// The same ports a consultation uses, so the check tests the path IT opened.
				this.#transport = await router.createWebRtcTransport({
					webRtcServer,
					enableUdp: !tcpOnly,
					enableTcp: true,
					preferUdp: !tcpOnly,
				});
			} catch (error) {
				throw new ProtocolError('MEDIA_REJECTED', `check transport: ${(error as Error).message}`);
			}
			const transport = this.#transport;
			return {
				routerRtpCapabilities: router.rtpCapabilities as ResponseData<'check:start'>['routerRtpCapabilities'],
				transportId: transport.id,
				iceParameters: transport.iceParameters,
				iceCandidates: transport.iceCandidates,
				dtlsParameters: transport.dtlsParameters,
			};
		},
		'check:connect': async ({ transportId, dtlsParameters }) => {
			try {
				await this.#transportFor(transportId).connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
			} catch (error) {
				if (error instanceof ProtocolError) throw error;
				throw new ProtocolError('MEDIA_REJECTED', `check connect: ${(error as Error).message}`);
			}
			return {};
		},
		'check:produce': async ({ transportId, kind, rtpParameters }) => {
			const transport = this.#transportFor(transportId);
			if (this.#producer && !this.#producer.closed) throw new ProtocolError('LIMIT_REACHED', 'a check sends one test stream');
			try {
				this.#producer = await transport.produce({ kind, rtpParameters: rtpParameters as types.RtpParameters });
			} catch (error) {
				throw new ProtocolError('MEDIA_REJECTED', `check produce: ${(error as Error).message}`);
			}
			return { producerId: this.#producer.id };
		},
		'check:stats': async () => {
			if (!this.#producer || this.#producer.closed) throw new ProtocolError('NOT_FOUND', 'no test stream yet');
			const stats = await this.#producer.getStats();
			const receivedBitrate = stats.reduce((sum, s) => sum + (s.bitrate ?? 0), 0);
			const fractionLost = Math.max(0, ...stats.map((s) => (s.fractionLost ?? 0) / 256));
			return { receivedBitrate, fractionLost: Math.min(1, fractionLost) };
		},
		'check:end': async () => {
			this.#end();
			return {};
		},
	};
}
