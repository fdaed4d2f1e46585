import { ROUTER_MEDIA_CODECS } from '@consultdesk/media-settings';
import { sendRequest } from '@consultdesk/protocol';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { createLogger } from './logger.js';
import { acceptedConsultation, connectAs, nextNotification, startTestServer, until } from './testing/test-server.js';
import { pickLeastLoaded, placementScore, RESERVED_CONSUMERS_PER_ROOM, WorkerPool } from './worker-pool.js';

/** A candidate as placement sees a worker hosting rooms with these consumer counts. */
const hosting = (...consumersPerRoom: number[]) => ({
	score: placementScore(consumersPerRoom),
	consumers: consumersPerRoom.reduce((a, b) => a + b, 0),
	routers: consumersPerRoom.length,
});

describe('room placement', () => {
	it('counts a room as its consumers, and an emptier room as the reservation', () => {
		expect(RESERVED_CONSUMERS_PER_ROOM).toBe(4);
		expect(placementScore([])).toBe(0);
		expect(placementScore([0, 2, 9])).toBe(4 + 4 + 9);
	});

	it('puts a new room on the worker forwarding to fewer consumers, not the one with fewer rooms', () => {
		// One consultation fanned out to 60 consumers costs more than five ordinary ones.
		expect(pickLeastLoaded([hosting(60), hosting(6, 6, 6, 6, 6)])).toBe(1);
		expect(pickLeastLoaded([hosting(6, 6, 6, 6, 6), hosting(60)])).toBe(0);
	});

	it('counts rooms nobody consumes in yet, so a burst of new rooms spreads', () => {
		expect(pickLeastLoaded([hosting(0, 0, 0), hosting(10)])).toBe(1);
		expect(pickLeastLoaded([hosting(), hosting()])).toBe(0);
		expect(pickLeastLoaded([hosting(0), hosting()])).toBe(1);
	});

	it('breaks ties by consumers, then routers, then slot, and refuses when no worker is alive', () => {
		expect(pickLeastLoaded([hosting(0, 0), hosting(8)])).toBe(0);
		// Three small rooms count as 3 × 4 reserved, more than two rooms of five.
		expect(pickLeastLoaded([hosting(5, 5), hosting(2, 2, 2)])).toBe(0);
		expect(pickLeastLoaded([{ score: 8, consumers: 8, routers: 2 }, { score: 8, consumers: 8, routers: 1 }])).toBe(1);
		expect(pickLeastLoaded([hosting(7), hosting(7)])).toBe(0);
		expect(() => pickLeastLoaded([])).toThrow('no live mediasoup worker');
	});
});

describe('WorkerPool load', () => {
	let pool: WorkerPool;
	beforeAll(async () => {
		pool = await WorkerPool.create({ size: 2, logger: createLogger({ logLevel: 'silent' }), rtc: { listenIp: '127.0.0.1', basePort: 0 } });
	});
	afterAll(() => pool.close());

	const listenInfo: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };
	const router = (worker: types.Worker) => worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS.map((c) => ({ ...c })) as types.RouterRtpCodecCapability[] });

	it('counts what each worker hosts from mediasoup events, and places by consumers', async () => {
		const [first, second] = pool.workers as [types.Worker, types.Worker];
		expect(pool.loads()).toEqual([
			{ slot: 0, pid: first.pid, udpPort: expect.any(Number), tcpPort: expect.any(Number), routers: 0, transports: 0, producers: 0, consumers: 0 },
			{ slot: 1, pid: second.pid, udpPort: expect.any(Number), tcpPort: expect.any(Number), routers: 0, transports: 0, producers: 0, consumers: 0 },
		]);
		expect(pool.leastLoaded()).toBe(first);

		// The first worker: one room whose stethoscope six observers consume.
		const busy = await router(first);
		const send = await busy.createPlainTransport({ listenInfo, comedia: true });
		const producer = await send.produce({ kind: 'audio', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48_000, channels: 2 }], encodings: [{ ssrc: 1111 }] } });
		const receive = await busy.createPlainTransport({ listenInfo });
		for (let i = 0; i < 6; i++) await receive.consume({ producerId: producer.id, rtpCapabilities: busy.rtpCapabilities });
		expect(pool.loads()[0]).toMatchObject({ routers: 1, transports: 2, producers: 1, consumers: 6 });
		expect(pool.leastLoaded()).toBe(second);

		// Two new rooms on the second worker reserve 2 × 4 consumers: more than the first's 6.
		const fresh = [await router(second), await router(second)];
		expect(pool.loads()[1]).toMatchObject({ routers: 2, consumers: 0 });
		expect(pool.leastLoaded()).toBe(first);

		// Closing what the consumers hang on releases them.
		receive.close();
		expect(pool.loads()[0]).toMatchObject({ routers: 1, transports: 1, producers: 1, consumers: 0 });
		busy.close();
		for (const r of fresh) r.close();
		expect(pool.loads().map((l) => [l.routers, l.transports, l.producers, l.consumers])).toEqual([
			[0, 0, 0, 0],
			[0, 0, 0, 0],
		]);
	});
});

describe('WorkerPool', () => {
	let server: ConsultationServer;
	beforeAll(async () => {
		server = await startTestServer({ workers: 2 });
	});
	afterAll(async () => {
		await server.close();
	});

	it('spreads rooms over workers and replaces a worker that dies, closing its rooms', async () => {
		const clinic = await connectAs(server, 'sok');
		const a = await connectAs(server, 'wang');
		const b = await connectAs(server, 'chen');
		const first = await acceptedConsultation(clinic, a, 'respiratory');
		const second = await acceptedConsultation(clinic, b, 'cardiology');
		await sendRequest(a, 'room:join', { consultationId: first.consultationId });
		await sendRequest(b, 'room:join', { consultationId: second.consultationId });
		const loads = await Promise.all(server.pool.workers.map(async (w) => (await w.dump()).routerIds.length));
		expect(loads).toEqual([1, 1]);
		// /health reports the same, per worker.
		expect(server.health().workers.load.map((l) => [l.pid, l.routers])).toEqual(server.pool.workers.map((w) => [w.pid, 1]));

		const victim = server.pool.workers[0]!;
		const died = new Promise((resolve) => server.pool.once('workerdied', resolve));
		const closed = Promise.race(
			[
				{ s: a, id: first.consultationId },
				{ s: b, id: second.consultationId },
			].map(({ s, id }) => nextNotification(s, 'room:closed').then((payload) => ({ s, id, payload }))),
		);
		process.kill(victim.pid, 'SIGKILL');
		await died;
		const { s: orphan, id, payload } = await closed;
		expect(payload).toEqual({ reason: 'media-worker-died' });

		await until(() => server.health().workers.alive === 2);
		expect(server.health()).toMatchObject({ status: 'ok', workers: { alive: 2, configured: 2 } });
		expect(server.pool.workers.map((w) => w.pid)).not.toContain(victim.pid);
		expect(server.health().workers.load.map((l) => l.pid)).not.toContain(victim.pid);
		expect(server.roomStats()).toHaveLength(1);
		// The peer whose room closed may join its consultation again on the same connection.
		await expect(sendRequest(orphan, 'room:join', { consultationId: id })).resolves.toHaveProperty('peerId');
		for (const s of [clinic, a, b]) s.disconnect();
	});
});
