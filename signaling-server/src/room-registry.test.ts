import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRegistry, testPeer as peer } from './testing/test-registry.js';
import type { RoomRegistry } from './room-registry.js';
import type { WorkerPool } from './worker-pool.js';

let pool: WorkerPool;
let registry: RoomRegistry;

beforeAll(async () => {
	({ pool, registry } = await createTestRegistry());
});
afterAll(() => pool.close());

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
