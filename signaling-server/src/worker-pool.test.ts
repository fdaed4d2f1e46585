import { sendRequest } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { connectClient, nextNotification, startTestServer } from './testing/test-server.js';

describe('WorkerPool', () => {
	let server: ConsultationServer;
	beforeAll(async () => {
		server = await startTestServer({ workers: 2 });
	});
	afterAll(async () => {
		await server.close();
	});

	it('spreads rooms over workers and replaces a worker that dies, closing its rooms', async () => {
		const a = await connectClient(server);
		const b = await connectClient(server);
		await sendRequest(a, 'room:join', { consultationCode: 'KH-100', role: 'clinic', displayName: 'a' });
		await sendRequest(b, 'room:join', { consultationCode: 'KH-101', role: 'clinic', displayName: 'b' });
		const loads = await Promise.all(server.pool.workers.map(async (w) => (await w.dump()).routerIds.length));
		expect(loads).toEqual([1, 1]);

		const victim = server.pool.workers[0]!;
		const died = new Promise((resolve) => server.pool.once('workerdied', resolve));
		const closed = Promise.race([a, b].map((s) => nextNotification(s, 'room:closed').then((payload) => ({ s, payload }))));
		process.kill(victim.pid, 'SIGKILL');
		await died;
		const { s: orphan, payload } = await closed;
		expect(payload).toEqual({ reason: 'media-worker-died' });

		const deadline = Date.now() + 5000;
		while (server.health().workers.alive < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		expect(server.health()).toMatchObject({ status: 'ok', workers: { alive: 2, configured: 2 } });
		expect(server.pool.workers.map((w) => w.pid)).not.toContain(victim.pid);
		expect(server.roomStats()).toHaveLength(1);
		// The peer whose room closed may join again on the same connection.
		await expect(
			sendRequest(orphan, 'room:join', { consultationCode: 'KH-102', role: 'clinic', displayName: 'again' }),
		).resolves.toHaveProperty('peerId');
		a.disconnect();
		b.disconnect();
	});
});
