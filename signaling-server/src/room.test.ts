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

describe('Room', () => {
	it('admits one clinic and up to maxExperts experts', async () => {
		const room = await registry.getOrCreate('ROOM-3');
		room.admit(peer('clinic'));
		expect(() => room.admit(peer('clinic'))).toThrow(expect.objectContaining({ code: 'ROLE_TAKEN' }));
		room.admit(peer('expert'));
		room.admit(peer('expert'));
		expect(() => room.admit(peer('expert'))).toThrow(expect.objectContaining({ code: 'ROLE_TAKEN' }));
		room.admit(peer('observer'));
		expect(room.stats()).toMatchObject({ peers: 4, transports: 0 });
		room.close('server-shutdown');
	});

	it('tells every peer why it closed, and refuses new work afterwards', async () => {
		const room = await registry.getOrCreate('ROOM-4');
		const told: unknown[] = [];
		const expert = peer('expert', (event, payload) => told.push([event, payload]));
		room.admit(expert);
		room.close('server-shutdown');
		expect(told).toEqual([['room:closed', { reason: 'server-shutdown' }]]);
		expect(expert.closed).toBe(true);
		await expect(room.createTransport(expert, { direction: 'recv', sctp: false })).rejects.toMatchObject({ code: 'ROOM_CLOSED' });
	});
});

describe('Room, when a peer leaves mid-request', () => {
	it('closes a transport that finished setting up after its peer left', async () => {
		const room = await registry.getOrCreate('ROOM-5');
		const clinic = peer('clinic');
		const expert = peer('expert');
		room.admit(clinic);
		room.admit(expert);
		const pending = room.createTransport(expert, { direction: 'recv', sctp: true });
		room.remove(expert);
		await expect(pending).rejects.toMatchObject({ code: 'ROOM_CLOSED' });
		expect((await room.router.dump()).transportIds).toEqual([]);
		room.close();
	});
});

describe('Room, what each seat may send', () => {
	it('takes clinical sources only from the clinic, voice from an expert, nothing from an observer', async () => {
		const room = await registry.getOrCreate('ROOM-6');
		const observer = peer('observer');
		room.admit(observer);
		await room.createTransport(observer, { direction: 'send', sctp: true });
		const [transportId] = [...observer.transports.keys()];
		await expect(
			room.produce(observer, { transportId: transportId!, kind: 'audio', source: 'voice', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] } }),
		).rejects.toMatchObject({ code: 'FORBIDDEN_SOURCE' });
		await expect(
			room.produceData(observer, { transportId: transportId!, sctpStreamParameters: { streamId: 1 }, label: 'vitals', protocol: 'x', source: 'vitals' }),
		).rejects.toMatchObject({ code: 'FORBIDDEN_SOURCE' });
		room.close();
	});
});
