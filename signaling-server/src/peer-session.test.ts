import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { PeerSession } from './peer-session.js';
import type { RoomRegistry } from './room-registry.js';
import { createTestRegistry } from './testing/test-registry.js';
import type { WorkerPool } from './worker-pool.js';

let pool: WorkerPool;
let registry: RoomRegistry;

beforeAll(async () => {
	({ pool, registry } = await createTestRegistry());
});
afterAll(() => pool.close());

const session = () => new PeerSession({ registry, notify: () => {}, logger: createLogger({ logLevel: 'silent' }) });

describe('PeerSession', () => {
	it('joins no one when the connection closed while the room was opening, and closes the empty room', async () => {
		const gone = session();
		const joining = gone.handle('room:join', { consultationCode: 'GHOST-1', role: 'clinic', displayName: 'x' });
		gone.close();
		await expect(joining).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
		expect(registry.get('GHOST-1')).toBeUndefined();
	});

	it('can leave and join another consultation on the same connection', async () => {
		const s = session();
		await s.handle('room:join', { consultationCode: 'MOVE-1', role: 'expert', displayName: 'x' });
		await s.handle('room:leave', {});
		expect(registry.get('MOVE-1')).toBeUndefined();
		await s.handle('room:join', { consultationCode: 'MOVE-2', role: 'expert', displayName: 'x' });
		expect(registry.get('MOVE-2')?.peers).toHaveLength(1);
		s.close();
		expect(registry.get('MOVE-2')).toBeUndefined();
	});

	it('rejects a payload that does not match the protocol before any handler runs', async () => {
		await expect(session().handle('transport:create', { direction: 'up', sctp: 'yes' })).rejects.toMatchObject({
			code: 'INVALID_PAYLOAD',
			message: expect.stringMatching(/direction.*sctp|sctp.*direction/s),
		});
	});
});
