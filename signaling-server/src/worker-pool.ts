import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from './logger.js';

export interface WorkerPoolEvents {
	/** A worker died and was replaced; everything it hosted is gone. */
	workerdied: [worker: types.Worker, error: Error];
}

export interface WorkerPoolOptions {
	size: number;
	logger: Logger;
	/** For tests: how to create a worker. */
	createWorker?: (settings: types.WorkerSettings) => Promise<types.Worker>;
}

/**
 * One mediasoup worker per slot (per core by default). A worker that dies is
 * replaced in its slot; listeners of 'workerdied' close what it hosted.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
	readonly #slots: (types.Worker | undefined)[];
	readonly #logger: Logger;
	readonly #createWorker: (settings: types.WorkerSettings) => Promise<types.Worker>;
	#closed = false;

	private constructor(options: WorkerPoolOptions) {
		super();
		this.#slots = new Array<types.Worker | undefined>(options.size).fill(undefined);
		this.#logger = options.logger;
		this.#createWorker = options.createWorker ?? ((settings) => mediasoup.createWorker(settings));
	}

	static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
		const pool = new WorkerPool(options);
		try {
			await Promise.all(pool.#slots.map((_, slot) => pool.#fill(slot)));
		} catch (error) {
			pool.close();
			throw error;
		}
		return pool;
	}

	get workers(): types.Worker[] {
		return this.#slots.filter((w): w is types.Worker => w !== undefined);
	}

	/** The live worker hosting the fewest routers. */
	async leastLoaded(): Promise<types.Worker> {
		const live = this.workers.filter((w) => !w.closed);
		if (live.length === 0) throw new Error('no live mediasoup worker');
		const loads = await Promise.all(live.map(async (w) => (await w.dump()).routerIds.length));
		let best = 0;
		loads.forEach((load, i) => {
			if (load < (loads[best] ?? Infinity)) best = i;
		});
		return live[best] as types.Worker;
	}

	close(): void {
		this.#closed = true;
		for (const worker of this.workers) worker.close();
		this.#slots.fill(undefined);
	}

	async #fill(slot: number): Promise<void> {
		const worker = await this.#createWorker({ logLevel: 'warn', logTags: ['ice', 'dtls', 'sctp'] });
		this.#slots[slot] = worker;
		this.#logger.info({ slot, pid: worker.pid }, 'mediasoup worker started');
		worker.on('died', (error) => this.#onDied(slot, worker, error));
	}

	#onDied(slot: number, worker: types.Worker, error: Error): void {
		this.#logger.error({ slot, pid: worker.pid, err: error }, 'mediasoup worker died; replacing it');
		this.#slots[slot] = undefined;
		this.emit('workerdied', worker, error);
		if (this.#closed) return;
		this.#fill(slot).catch((fillError: unknown) =>
			this.#logger.fatal({ slot, err: fillError }, 'could not replace a dead mediasoup worker'),
		);
	}
}
