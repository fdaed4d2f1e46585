import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from './logger.js';

export interface WorkerPoolEvents {
	/** A worker died and was replaced; everything it hosted is gone. */
	workerdied: [worker: types.Worker, error: Error];
}

/** What one worker hosts now, counted from mediasoup's observer events. */
export interface WorkerLoad {
	slot: number;
	pid: number;
	/** The worker's WebRtcServer ports: every transport of the worker shares them. */
	udpPort: number;
	tcpPort: number;
	/** One router per open consultation room. */
	routers: number;
	transports: number;
	producers: number;
	consumers: number;
}

/**
 * A room nobody consumes in yet still costs what its first two peers will:
 * the expert consumes exam video, voice and stethoscope, the clinic the
 * expert's voice. Counting an empty room as that many consumers keeps a burst
 * of new rooms from all landing on the worker that happens to be idlest now.
 */
export const RESERVED_CONSUMERS_PER_ROOM = 4;

/** A worker's load as placement sees it: consumers per room, at least the reservation. */
export function placementScore(consumersPerRouter: Iterable<number>): number {
	let score = 0;
	for (const consumers of consumersPerRouter) score += Math.max(consumers, RESERVED_CONSUMERS_PER_ROOM);
	return score;
}

/**
 * Where a new room goes: the lowest placement score (forwarded streams are what
 * cost a worker CPU, not rooms), then fewer consumers, then fewer routers, then
 * the lower slot. Returns the index into `candidates`.
 */
export function pickLeastLoaded(candidates: readonly { score: number; consumers: number; routers: number }[]): number {
	let best = -1;
	candidates.forEach((c, i) => {
		const b = candidates[best];
		if (!b || c.score < b.score || (c.score === b.score && (c.consumers < b.consumers || (c.consumers === b.consumers && c.routers < b.routers)))) best = i;
	});
	if (best < 0) throw new Error('no live mediasoup worker');
	return best;
}

/** Counts what a worker hosts from mediasoup's observer events: no requests to the worker. */
class LoadCounter {
	readonly consumersPerRouter = new Map<string, number>();
	transports = 0;
	producers = 0;
	consumers = 0;

	constructor(worker: types.Worker) {
		worker.observer.on('newrouter', (router) => {
			const id = router.id;
			this.consumersPerRouter.set(id, 0);
			router.observer.once('close', () => this.consumersPerRouter.delete(id));
			router.observer.on('newtransport', (transport) => {
				this.transports++;
				transport.observer.once('close', () => this.transports--);
				transport.observer.on('newproducer', (producer) => {
					this.producers++;
					producer.observer.once('close', () => this.producers--);
				});
				transport.observer.on('newconsumer', (consumer) => {
					this.consumers++;
					this.#addToRouter(id, 1);
					consumer.observer.once('close', () => {
						this.consumers--;
						this.#addToRouter(id, -1);
					});
				});
			});
		});
	}

	#addToRouter(id: string, delta: number): void {
		const now = this.consumersPerRouter.get(id);
		if (now !== undefined) this.consumersPerRouter.set(id, now + delta);
	}
}

/** Where each worker's WebRtcServer listens. */
export interface WebRtcServerSettings {
	listenIp: string;
	/** The address browsers are told to send to (a NAT's public address or a host name). */
	announcedAddress?: string | undefined;
	/** Worker i binds basePort + i, UDP and TCP; 0: any free port per worker and protocol. */
	basePort: number;
}

/** A worker's WebRtcServer and the ports it really bound. */
interface MediaPorts {
	server: types.WebRtcServer;
	udpPort: number;
	tcpPort: number;
}

/** Replacing a dead worker retries this often: its ports may take a moment to be free again. */
const REFILL_ATTEMPTS = 5;
const REFILL_DELAY_MS = 1000;

export interface WorkerPoolOptions {
	size: number;
	logger: Logger;
	/** One WebRtcServer per worker: all WebRTC media of a worker goes through its one UDP and one TCP port. */
	rtc: WebRtcServerSettings;
	/** For tests: how to create a worker. */
	createWorker?: (settings: types.WorkerSettings) => Promise<types.Worker>;
}

/**
 * One mediasoup worker per slot (per core by default), each with one
 * WebRtcServer: a hospital firewall opens one UDP and one TCP port per worker
 * instead of a range, and a link emulator or NAT in front of it has one
 * address to forward. A worker that dies is replaced in its slot, on the same
 * ports; listeners of 'workerdied' close what it hosted.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
	readonly #slots: (types.Worker | undefined)[];
	readonly #loads = new WeakMap<types.Worker, LoadCounter>();
	readonly #media = new WeakMap<types.Worker, MediaPorts>();
	readonly #rtc: WebRtcServerSettings;
	readonly #logger: Logger;
	readonly #createWorker: (settings: types.WorkerSettings) => Promise<types.Worker>;
	#closed = false;

	private constructor(options: WorkerPoolOptions) {
		super();
		this.#slots = new Array<types.Worker | undefined>(options.size).fill(undefined);
		this.#logger = options.logger;
		this.#rtc = options.rtc;
		this.#createWorker = options.createWorker ?? ((settings) => mediasoup.createWorker(settings));
	}

	static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
		const pool = new WorkerPool(options);
		try {
			await Promise.all(pool.#slots.map((_, slot) => pool.#fill(slot)));
		} catch (error) {
			await pool.close();
			throw error;
		}
		return pool;
	}

	get workers(): types.Worker[] {
		return this.#slots.filter((w): w is types.Worker => w !== undefined);
	}

	/** The path of the worker binary mediasoup runs (MEDIASOUP_WORKER_BIN or the built one). */
	static get workerBin(): string {
		return mediasoup.workerBin;
	}

	/** The live worker a new room should go to: see pickLeastLoaded. */
	leastLoaded(): types.Worker {
		const live = this.workers.filter((w) => !w.closed);
		const candidates = live.map((w) => {
			const counter = this.#counter(w);
			return { score: placementScore(counter.consumersPerRouter.values()), consumers: counter.consumers, routers: counter.consumersPerRouter.size };
		});
		return live[pickLeastLoaded(candidates)] as types.Worker;
	}

	/** The WebRtcServer every WebRTC transport on this worker must use. */
	webRtcServerOf(worker: types.Worker): types.WebRtcServer {
		const media = this.#media.get(worker);
		if (!media) throw new Error(`mediasoup worker ${worker.pid} is not one of this pool's`);
		return media.server;
	}

	/** What each live worker hosts, in slot order. */
	loads(): WorkerLoad[] {
		return this.#slots.flatMap((worker, slot) => {
			if (!worker || worker.closed) return [];
			const c = this.#counter(worker);
			const media = this.#media.get(worker);
			return [
				{
					slot,
					pid: worker.pid,
					udpPort: media?.udpPort ?? 0,
					tcpPort: media?.tcpPort ?? 0,
					routers: c.consumersPerRouter.size,
					transports: c.transports,
					producers: c.producers,
					consumers: c.consumers,
				},
			];
		});
	}

	/**
	 * Closes every worker and resolves when their processes have exited, so
	 * their media ports are free for a server started right after (a restart
	 * on the same ports).
	 */
	async close(): Promise<void> {
		this.#closed = true;
		const workers = this.workers;
		this.#slots.fill(undefined);
		const exited = workers.map((worker) => (worker.subprocessClosed ? Promise.resolve() : new Promise<void>((resolve) => worker.once('subprocessclose', resolve))));
		for (const worker of workers) worker.close();
		await Promise.all(exited);
	}

	async #fill(slot: number): Promise<void> {
		const worker = await this.#createWorker({ logLevel: 'warn', logTags: ['ice', 'dtls', 'sctp'] });
		let media: MediaPorts;
		try {
			media = await this.#startWebRtcServer(worker, slot);
		} catch (error) {
			worker.close();
			throw error;
		}
		if (this.#closed) {
			worker.close();
			return;
		}
		this.#loads.set(worker, new LoadCounter(worker));
		this.#media.set(worker, media);
		this.#slots[slot] = worker;
		this.#logger.info({ slot, pid: worker.pid, udpPort: media.udpPort, tcpPort: media.tcpPort }, 'mediasoup worker started');
		worker.on('died', (error) => this.#onDied(slot, worker, error));
	}

	async #startWebRtcServer(worker: types.Worker, slot: number): Promise<MediaPorts> {
		const { listenIp, announcedAddress, basePort } = this.#rtc;
		const listen = { ip: listenIp, ...(announcedAddress ? { announcedAddress } : {}), ...(basePort > 0 ? { port: basePort + slot } : {}) };
		const server = await worker.createWebRtcServer({ listenInfos: [{ protocol: 'udp', ...listen }, { protocol: 'tcp', ...listen }] });
		// With basePort 0 mediasoup picks the ports; the dump says which.
		const dump = await server.dump();
		return { server, udpPort: dump.udpSockets[0]?.port ?? 0, tcpPort: dump.tcpServers[0]?.port ?? 0 };
	}

	#counter(worker: types.Worker): LoadCounter {
		let counter = this.#loads.get(worker);
		if (!counter) {
			counter = new LoadCounter(worker);
			this.#loads.set(worker, counter);
		}
		return counter;
	}

	#onDied(slot: number, worker: types.Worker, error: Error): void {
		this.#logger.error({ slot, pid: worker.pid, err: error }, 'mediasoup worker died; replacing it');
		this.#slots[slot] = undefined;
		this.emit('workerdied', worker, error);
		if (this.#closed) return;
		void this.#refill(slot);
	}

	async #refill(slot: number): Promise<void> {
		for (let attempt = 1; attempt <= REFILL_ATTEMPTS && !this.#closed; attempt++) {
			try {
				await this.#fill(slot);
				return;
			} catch (error) {
				const last = attempt === REFILL_ATTEMPTS;
				this.#logger[last ? 'fatal' : 'warn']({ slot, attempt, err: error }, last ? 'could not replace a dead mediasoup worker' : 'replacing a dead mediasoup worker failed; trying again');
				if (!last) await new Promise((resolve) => setTimeout(resolve, REFILL_DELAY_MS));
			}
		}
	}
}
