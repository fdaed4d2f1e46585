import { sendRequest } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { acceptedConsultation, connectAs, nextNotification, startTestServer, until } from './testing/test-server.js';

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
		expect(server.roomStats()).toHaveLength(1);
		// The peer whose room closed may join its consultation again on the same connection.
		await expect(sendRequest(orphan, 'room:join', { consultationId: id })).resolves.toHaveProperty('peerId');
		for (const s of [clinic, a, b]) s.disconnect();
	});
});
