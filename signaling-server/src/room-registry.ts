import { ProtocolError } from '@consultdesk/protocol';
import type { Logger } from './logger.js';
import { Room, type RoomCloseReason, type RoomStats } from './room.js';
import type { WorkerPool } from './worker-pool.js';

export interface RoomRegistryOptions {
	pool: WorkerPool;
	maxExperts: number;
	seatHoldMs: number;
	logger: Logger;
}

/** The open media rooms by consultation id; a room is created on first join and forgotten when it closes. */
export class RoomRegistry {
	readonly #rooms = new Map<string, Room>();
	/** Joins racing to create the same room wait for one creation. */
	readonly #creating = new Map<string, Promise<Room>>();
	readonly #options: RoomRegistryOptions;

	constructor(options: RoomRegistryOptions) {
		// A dead worker closes its routers, and each Room closes itself on that.
		this.#options = options;
	}

	get size(): number {
		return this.#rooms.size;
	}

	get(id: string): Room | undefined {
		return this.#rooms.get(id);
	}

	async getOrCreate(id: string, code: string = id): Promise<Room> {
		const existing = this.#rooms.get(id);
		if (existing && !existing.closed) return existing;
		let pending = this.#creating.get(id);
		if (!pending) {
			pending = this.#create(id, code).finally(() => this.#creating.delete(id));
			this.#creating.set(id, pending);
		}
		return pending;
	}

	rooms(): Room[] {
		return [...this.#rooms.values()];
	}

	stats(): RoomStats[] {
		return this.rooms().map((room) => room.stats());
	}

	closeAll(reason: RoomCloseReason): void {
		for (const room of [...this.#rooms.values()]) room.close(reason);
	}

	async #create(id: string, code: string): Promise<Room> {
		const { pool, maxExperts, seatHoldMs, logger } = this.#options;
		let worker;
		try {
			worker = pool.leastLoaded();
		} catch (error) {
			throw new ProtocolError('INTERNAL', `no media worker available: ${(error as Error).message}`);
		}
		const room = await Room.create({ id, code, worker, webRtcServer: pool.webRtcServerOf(worker), maxExperts, seatHoldMs, logger });
		this.#rooms.set(id, room);
		room.once('close', () => {
			if (this.#rooms.get(id) === room) this.#rooms.delete(id);
		});
		logger.info({ room: code, consultationId: id, workerPid: worker.pid }, 'room opened');
		return room;
	}
}
