import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { sendRequest } from '@consultdesk/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { acceptedConsultation, TestSessions, startTestServer, until } from './testing/test-server.js';

/** True when UDP and TCP `port` on 127.0.0.1 can be bound now. */
async function free(port: number): Promise<boolean> {
	const tcp = createServer();
	const udp = createSocket('udp4');
	const bound = await Promise.all([
		new Promise<boolean>((resolve) => tcp.once('error', () => resolve(false)).listen(port, '127.0.0.1', () => resolve(true))),
		new Promise<boolean>((resolve) => {
			udp.once('error', () => resolve(false));
			udp.bind(port, '127.0.0.1', () => resolve(true));
		}),
	]);
	await new Promise((resolve) => tcp.close(resolve));
	udp.close();
	return bound.every(Boolean);
}

/** A base port whose next `count` ports are free for UDP and TCP (below Linux's ephemeral range, so nothing takes them meanwhile). */
async function freeBasePort(count: number): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const base = 20_000 + Math.floor(Math.random() * 10_000);
		const all = await Promise.all(Array.from({ length: count }, (_, i) => free(base + i)));
		if (all.every(Boolean)) return base;
	}
	throw new Error('no free port pair found');
}

const servers: ConsultationServer[] = [];
afterAll(async () => {
	await Promise.all(servers.map((s) => s.close()));
});

describe('media ports: one WebRtcServer per worker', () => {
	it('gives worker i port rtcPort + i, UDP and TCP, and every transport on a worker exactly those two candidates', async () => {
		const base = await freeBasePort(2);
		const server = await startTestServer({ workers: 2, rtcPort: base });
		servers.push(server);
		expect(server.health().workers.load.map((l) => [l.slot, l.udpPort, l.tcpPort])).toEqual([
			[0, base, base],
			[1, base + 1, base + 1],
		]);

		const sessions = new TestSessions(() => server);
		try {
			const clinic = await sessions.as('sok');
			const wang = await sessions.as('wang');
			const chen = await sessions.as('chen');
			// Two consultations: placement puts their rooms on different workers.
			const first = await acceptedConsultation(clinic, wang, 'respiratory');
			const second = await acceptedConsultation(clinic, chen, 'cardiology');
			await sendRequest(wang, 'room:join', { consultationId: first.consultationId });
			await sendRequest(chen, 'room:join', { consultationId: second.consultationId });
			const portsSeen: number[] = [];
			for (const expert of [wang, chen]) {
				const transports = [
					await sendRequest(expert, 'transport:create', { direction: 'send', sctp: true }),
					await sendRequest(expert, 'transport:create', { direction: 'recv', sctp: false }),
				];
				const [udp, tcp] = [transports[0]!.iceCandidates.find((c) => c.protocol === 'udp')!, transports[0]!.iceCandidates.find((c) => c.protocol === 'tcp')!];
				expect(udp.port).toBe(tcp.port);
				for (const transport of transports) {
					// UDP first (higher priority), then passive ICE-TCP, both on the worker's one port.
					expect(transport.iceCandidates).toEqual([
						expect.objectContaining({ protocol: 'udp', address: '127.0.0.1', port: udp.port, type: 'host' }),
						expect.objectContaining({ protocol: 'tcp', address: '127.0.0.1', port: udp.port, type: 'host', tcpType: 'passive' }),
					]);
					expect(transport.iceCandidates[0]!.priority).toBeGreaterThan(transport.iceCandidates[1]!.priority);
				}
				portsSeen.push(udp.port);
			}
			expect(portsSeen.sort()).toEqual([base, base + 1]);

			// The pre-consultation check tests the same ports, also TCP only.
			const check = await sendRequest(clinic, 'check:start', { tcpOnly: true });
			expect(check.iceCandidates).toEqual([expect.objectContaining({ protocol: 'tcp', port: expect.toSatisfy((p: number) => p === base || p === base + 1) })]);
			await sendRequest(clinic, 'check:end', {});
		} finally {
			sessions.closeAll();
		}
	});

	it('announces the configured address; a restarted server and a replaced worker get the same ports back', async () => {
		const base = await freeBasePort(1);
		const server = await startTestServer({ rtcPort: base, rtcAnnouncedAddress: '203.0.113.7' });
		const sessions = new TestSessions(() => server);
		try {
			const clinic = await sessions.as('sok');
			const check = await sendRequest(clinic, 'check:start', { tcpOnly: false });
			expect(check.iceCandidates.map((c) => [c.protocol, c.address, c.port])).toEqual([
				['udp', '203.0.113.7', base],
				['tcp', '203.0.113.7', base],
			]);
		} finally {
			sessions.closeAll();
			await server.close();
		}
		// close() waits for the worker processes, so a restart binds the same ports at once.
		const again = await startTestServer({ rtcPort: base });
		servers.push(again);
		expect(again.health().workers.load[0]).toMatchObject({ udpPort: base, tcpPort: base });
		// A worker that dies is replaced on its slot's ports: what the firewall opened stays right.
		const victim = again.pool.workers[0]!;
		process.kill(victim.pid, 'SIGKILL');
		await until(() => again.health().workers.load[0]?.pid !== undefined && again.health().workers.load[0]?.pid !== victim.pid);
		expect(again.health().workers.load[0]).toMatchObject({ udpPort: base, tcpPort: base });
	});
});
