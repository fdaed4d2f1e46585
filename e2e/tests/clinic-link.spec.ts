import { createServer, type IncomingMessage } from 'node:http';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { ConsultationServer } from '@consultdesk/signaling-server';
import { expect, test } from '@playwright/test';
import { ClinicLink } from '../support/clinic-link.js';
import { expectStethoscopeAtExpert, linkedConsultation, openLink as openLinkFor, startServerFor } from '../support/clinic-link-consultation.js';
import type { LinkProfiles } from '../support/link-emulator.js';
import { TransportWatch } from '../support/media-paths.js';

/*
 * The clinic-link fixture end to end: the clinic's Chromium in a network
 * namespace of its own, the server and the expert in the test namespace,
 * everything between them on one veth pair the test can cut, filter, narrow
 * and route through the link emulator.
 */

// Skipped only where network namespaces cannot be made (the reason is printed).
// Without them the consultation's media path is covered on loopback by tests/consultation.spec.ts and the WebRtcServer ports by signaling-server's media-ports tests.
test.skip(ClinicLink.unsupportedReason() !== undefined, ClinicLink.unsupportedReason() ?? '');

const cleanups: (() => Promise<unknown>)[] = [];
test.afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error(error));
});

const openLink = () => openLinkFor(cleanups);
const startServer = (link: ClinicLink) => startServerFor(link, cleanups);
const consultation = (link: ClinicLink, server: ConsultationServer) => linkedConsultation(link, server, cleanups);

/** A UDP datagram from the clinic to `port` on the server's address, answered by an echo there: did the answer come back? */
async function udpRoundTripFromClinic(link: ClinicLink, port: number): Promise<boolean> {
	const script = `const s = require('node:dgram').createSocket('udp4');
		s.on('message', () => { console.log('answered'); process.exit(0); });
		s.send('ping', ${port}, '${link.serverAddress}');
		setTimeout(() => { console.log('silent'); process.exit(0); }, 1000);`;
	return (await link.exec(process.execPath, ['-e', script])).trim() === 'answered';
}

test('the fixture cuts and restores the link, blocks UDP, narrows it, loses packets and moves the clinic to a new address', async () => {
	const link = await openLink();
	const peers: string[] = [];
	const http = createServer((request: IncomingMessage, response) => {
		peers.push(request.socket.remoteAddress ?? '');
		response.end(Buffer.alloc(Number(new URL(request.url ?? '/', 'http://x').searchParams.get('bytes') ?? 2)));
	});
	http.listen(0, link.serverAddress);
	await once(http, 'listening');
	cleanups.push(() => new Promise((resolve) => http.close(resolve)));
	const echo = createSocket('udp4');
	echo.on('message', (message, from) => echo.send(message, from.port, from.address));
	echo.bind(0, link.serverAddress);
	await once(echo, 'listening');
	cleanups.push(async () => echo.close());
	const url = `http://${link.serverAddress}:${(http.address() as AddressInfo).port}/`;

	expect(await link.fetchFromClinic(url)).toEqual({ status: 200 });
	expect(peers.at(-1)).toBe(link.clinicAddress);
	expect(await udpRoundTripFromClinic(link, echo.address().port)).toBe(true);

	await test.step('cut: nothing gets through either way; restore: it does again', async () => {
		await link.cut();
		expect(await link.fetchFromClinic(url, 1000)).toEqual({ error: 'TimeoutError' });
		expect(await udpRoundTripFromClinic(link, echo.address().port)).toBe(false);
		await link.restore();
		expect(await link.fetchFromClinic(url)).toEqual({ status: 200 });
		expect(await udpRoundTripFromClinic(link, echo.address().port)).toBe(true);
	});

	await test.step('UDP blocked: TCP still flows', async () => {
		await link.blockUdp();
		expect(await udpRoundTripFromClinic(link, echo.address().port)).toBe(false);
		expect(await link.fetchFromClinic(url)).toEqual({ status: 200 });
		await link.unblockUdp();
		expect(await udpRoundTripFromClinic(link, echo.address().port)).toBe(true);
	});

	await test.step('100 % loss is a cut; 0 % is a clean link', async () => {
		await link.setLoss(100);
		expect(await link.fetchFromClinic(url, 1000)).toEqual({ error: 'TimeoutError' });
		await link.setLoss(0);
		expect(await link.fetchFromClinic(url)).toEqual({ status: 200 });
	});

	await test.step('a 200 kbit/s link takes at least 2 s for 50 kB', async () => {
		await link.setRate(200);
		const started = Date.now();
		expect(await link.fetchFromClinic(`${url}?bytes=50000`, 20_000)).toEqual({ status: 200 });
		expect(Date.now() - started).toBeGreaterThan(1900);
		await link.setRate(null);
	});

	await test.step('a new address: the server sees the clinic come from it', async () => {
		const before = link.clinicAddress;
		const after = await link.changeAddress();
		expect(after).not.toBe(before);
		expect(link.clinicAddress).toBe(after);
		expect(await link.fetchFromClinic(url)).toEqual({ status: 200 });
		expect(peers.at(-1)).toBe(after);
		expect(await link.exec('ip', ['-4', 'addr', 'show', link.clinicDevice])).not.toContain(before);
	});
});

test('a consultation with the clinic in its own namespace: the expert hears the stethoscope, over UDP from the clinic’s address', async () => {
	const link = await openLink();
	const server = await startServer(link);
	const watch = new TransportWatch(server);
	const session = await consultation(link, server);
	await expectStethoscopeAtExpert(session, 'clinic link');
	// The clinic's transports (its send transport at least), straight from its address, over UDP to the worker's one port.
	await expect.poll(() => watch.pathsFrom(link.clinicAddress).length).toBeGreaterThan(0);
	const { udpPort } = server.health().workers.load[0]!;
	expect(watch.pathsFrom(link.clinicAddress).every((p) => p.protocol === 'udp' && p.localPort === udpPort)).toBe(true);
});

test('with UDP blocked between clinic and server, the consultation connects over TCP', async () => {
	const link = await openLink();
	const server = await startServer(link);
	await link.blockUdp();
	const watch = new TransportWatch(server);
	const session = await consultation(link, server);
	await expectStethoscopeAtExpert(session, 'UDP blocked');
	await expect.poll(() => watch.pathsFrom(link.clinicAddress).length).toBeGreaterThan(0);
	const { tcpPort } = server.health().workers.load[0]!;
	expect(watch.pathsFrom(link.clinicAddress).every((p) => p.protocol === 'tcp' && p.localPort === tcpPort)).toBe(true);
});

test('through the link emulator at 200 ms round trip, media still flows and all of the clinic’s traffic crosses the emulator', async () => {
	const link = await openLink();
	const server = await startServer(link);
	const profiles: LinkProfiles = { up: { delayMs: 100 }, down: { delayMs: 100 } };
	const emulator = await link.emulate(server, profiles);
	const watch = new TransportWatch(server);
	const session = await consultation(link, server);
	await expectStethoscopeAtExpert(session, '200 ms round trip');
	// A request from the clinic's page waits a round trip at least.
	const requestMs = await session.clinic.evaluate(async () => {
		const started = performance.now();
		await fetch('/health', { cache: 'no-store' });
		return performance.now() - started;
	});
	expect(requestMs).toBeGreaterThan(199);
	const before = emulator.stats();
	await session.expert.waitForTimeout(1000);
	const after = emulator.stats();
	// Exam video, voice and the stethoscope go up, the expert's RTCP and voice come down: all through the emulator.
	expect(after.up.bytes - before.up.bytes).toBeGreaterThan(20_000);
	expect(after.down.delivered - before.down.delivered).toBeGreaterThan(10);
	// The server sees the emulator relaying, never the clinic's own address.
	expect(watch.selectedPaths().length).toBeGreaterThanOrEqual(2);
	expect(watch.pathsFrom(link.clinicAddress)).toEqual([]);
});
