import { ProtocolError } from '@consultdesk/protocol';
import type { Logger } from './logger.js';
import { Room, type RoomCloseReason, type RoomStats, type RoomTransportSettings } from './room.js';
import type { WorkerPool } from './worker-pool.js';

export interface RoomRegistryOptions {
	pool: WorkerPool;
	transport: RoomTransportSettings;
	maxExperts: number;
	logger: Logger;
}

/** The open consultations by code; a room is created on first join and forgotten when it closes. */
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

	get(code: string): Room | undefined {
		return this.#rooms.get(code);
	}

	async getOrCreate(code: string): Promise<Room> {
		const existing = this.#rooms.get(code);
		if (existing && !existing.closed) return existing;
		let pending = this.#creating.get(code);
		if (!pending) {
			pending = this.#create(code).finally(() => this.#creating.delete(code));
			this.#creating.set(code, pending);
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

	async #create(code: string): Promise<Room> {
		const { pool, transport, maxExperts, logger } = this.#options;
		let worker;
		try {
			worker = await pool.leastLoaded();
		} catch (error) {
			throw new ProtocolError('INTERNAL', `no media worker available: ${(error as Error).message}`);
		}
		const room = await Room.create({ code, worker, transport, maxExperts, logger });
		this.#rooms.set(code, room);
		room.once('close', () => {
			if (this.#rooms.get(code) === room) this.#rooms.delete(code);
		});
		logger.info({ room: code, workerPid: worker.pid }, 'room opened');
		return room;
	}
}
