import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/*
 * A clinic's link to the server, as a TCP proxy on loopback: what the clinic
 * sends goes through at `uploadBytesPerSecond` (as on a slow uplink), what
 * it receives at full speed, and cut() drops every connection and refuses
 * new ones until restore(). The clinic's browser opens the app through it, so
 * the page, its signalling WebSocket and its uploads all cross this link;
 * WebRTC media goes directly to the SFU's ports and is not touched.
 */
export class ThrottledLink {
	readonly #server: Server;
	readonly #sockets = new Set<Socket>();
	#down = false;
	uploadBytesPerSecond: number;
	/** Bytes that crossed from the clinic to the server. */
	uploaded = 0;

	private constructor(target: { host: string; port: number }, uploadBytesPerSecond: number) {
		this.uploadBytesPerSecond = uploadBytesPerSecond;
		this.#server = createServer((client) => {
			if (this.#down) return void client.destroy();
			const upstream = connect(target.port, target.host);
			this.#sockets.add(client).add(upstream);
			const close = () => {
				client.destroy();
				upstream.destroy();
				this.#sockets.delete(client);
				this.#sockets.delete(upstream);
			};
			client.on('error', close).on('close', close);
			upstream.on('error', close).on('close', close);
			upstream.pipe(client);
			client.on('data', (chunk: Buffer) => {
				client.pause();
				void this.#trickle(chunk, upstream).then(() => client.resume(), close);
			});
		});
	}

	static async open(serverUrl: string, uploadBytesPerSecond = Number.POSITIVE_INFINITY): Promise<ThrottledLink> {
		const url = new URL(serverUrl);
		const link = new ThrottledLink({ host: url.hostname, port: Number(url.port) }, uploadBytesPerSecond);
		await new Promise<void>((resolve) => link.#server.listen(0, '127.0.0.1', resolve));
		return link;
	}

	/** The server's URL as the clinic reaches it: through this link. */
	get url(): string {
		return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
	}

	cut(): void {
		this.#down = true;
		for (const socket of this.#sockets) socket.destroy();
		this.#sockets.clear();
	}

	restore(): void {
		this.#down = false;
	}

	async close(): Promise<void> {
		this.cut();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}

	/** Writes a chunk in slices of 20 ms worth of the rate, one slice every 20 ms. */
	async #trickle(chunk: Buffer, upstream: Socket): Promise<void> {
		for (let at = 0; at < chunk.length; ) {
			if (upstream.destroyed) throw new Error('link cut');
			const slice = Number.isFinite(this.uploadBytesPerSecond) ? Math.max(1, Math.floor(this.uploadBytesPerSecond / 50)) : chunk.length;
			const part = chunk.subarray(at, at + slice);
			upstream.write(part);
			this.uploaded += part.length;
			at += part.length;
			if (at < chunk.length || Number.isFinite(this.uploadBytesPerSecond)) await new Promise((r) => setTimeout(r, Number.isFinite(this.uploadBytesPerSecond) ? (part.length / this.uploadBytesPerSecond) * 1000 : 0));
		}
	}
}
