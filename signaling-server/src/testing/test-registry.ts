import { createLogger } from '../logger.js';
import { Peer, type Notify } from '../peer.js';
import { RoomRegistry } from '../room-registry.js';
import { WorkerPool } from '../worker-pool.js';

/** A registry on one real mediasoup worker, without sockets, for Room and RoomRegistry tests. */
export async function createTestRegistry(maxExperts = 2, seatHoldMs = 60_000): Promise<{ pool: WorkerPool; registry: RoomRegistry }> {
	const logger = createLogger({ logLevel: 'silent' });
	const pool = await WorkerPool.create({ size: 1, logger, rtc: { listenIp: '127.0.0.1', basePort: 0 } });
	const registry = new RoomRegistry({ pool, logger, maxExperts, seatHoldMs });
	return { pool, registry };
}

export function testPeer(role: 'clinic' | 'expert' | 'observer', notify: Notify = () => {}): Peer {
	return new Peer({ id: crypto.randomUUID(), accountId: crypto.randomUUID(), role, displayName: role, owner: {}, notify });
}
