import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { Peer } from './peer.js';
import { RoomRegistry } from './room-registry.js';
import { WorkerPool } from './worker-pool.js';

const logger = createLogger({ logLevel: 'silent' });
let pool: WorkerPool;
let registry: RoomRegistry;

beforeAll(async () => {
	pool = await WorkerPool.create({ size: 1, logger });
	registry = new RoomRegistry({
		pool,
		logger,
		maxExperts: 2,
		transport: { listenIp: '127.0.0.1', minPort: 40000, maxPort: 40999 },
	});
});
afterAll(() => pool.close());

const peer = (role: 'clinic' | 'expert') => new Peer({ id: crypto.randomUUID(), role, displayName: role, notify: () => {} });

describe('RoomRegistry', () => {
	it('creates one room for joins that race for the same code', async () => {
		const rooms = await Promise.all([registry.getOrCreate('RACE-1'), registry.getOrCreate('RACE-1'), registry.getOrCreate('RACE-1')]);
		expect(new Set(rooms).size).toBe(1);
		expect((await pool.workers[0]!.dump()).routerIds).toHaveLength(1);
		rooms[0]!.close();
		expect(registry.get('RACE-1')).toBeUndefined();
	});

	it('forgets a room when its last peer leaves, and opens a fresh one for the same code', async () => {
		const room = await registry.getOrCreate('ROOM-2');
		const clinic = peer('clinic');
		room.admit(clinic);
		room.remove(clinic);
		expect(room.closed).toBe(true);
		expect(registry.get('ROOM-2')).toBeUndefined();
		const again = await registry.getOrCreate('ROOM-2');
		expect(again).not.toBe(room);
		again.close();
	});
});
