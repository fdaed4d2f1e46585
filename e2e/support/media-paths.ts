import type { ConsultationServer, MediasoupTypes } from '@consultdesk/signaling-server';

/** The path ICE chose for one server transport: the protocol and the remote end the server sees. */
export interface SelectedPath {
	protocol: 'udp' | 'tcp';
	remoteIp: string;
	remotePort: number;
	localPort: number;
}

/**
 * Every WebRTC transport the server's workers create from now on, read on
 * the server itself (mediasoup's observer events): which path ICE selected
 * is a fact of the SFU, not of what a page reports.
 */
export class TransportWatch {
	readonly transports: MediasoupTypes.WebRtcTransport[] = [];

	constructor(server: ConsultationServer) {
		for (const worker of server.pool.workers) {
			worker.observer.on('newrouter', (router) =>
				router.observer.on('newtransport', (transport) => {
					if (transport.type === 'webrtc') this.transports.push(transport as MediasoupTypes.WebRtcTransport);
				}),
			);
		}
	}

	/** The selected paths of the open transports whose ICE has a selected tuple now. */
	selectedPaths(): SelectedPath[] {
		return this.transports
			.filter((t) => !t.closed && t.iceSelectedTuple)
			.map((t) => {
				const tuple = t.iceSelectedTuple!;
				return { protocol: tuple.protocol, remoteIp: tuple.remoteIp ?? '', remotePort: tuple.remotePort ?? 0, localPort: tuple.localPort };
			});
	}

	/** The selected paths of transports whose remote end is `address` (a clinic, or the emulator relaying for it). */
	pathsFrom(address: string): SelectedPath[] {
		return this.selectedPaths().filter((p) => p.remoteIp === address);
	}
}
