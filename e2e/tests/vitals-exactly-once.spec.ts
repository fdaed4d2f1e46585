import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTP_ROUTES, PROTOCOL_VERSION, sendRequest, sessionTokensSchema, type ClientToServerEvents, type ServerToClientEvents } from '@consultdesk/protocol';
import { ConsultationServer, createLogger, DEMO_PASSWORD, loadConfig, type ServerConfig } from '@consultdesk/signaling-server';
import { expect, test } from '@playwright/test';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { joinFromCard, requestConsultation, signInOn, startSending } from '../support/consultation-pages.js';
import { cutLink, restoreLink, SOCKET_CUTTER_SCRIPT } from '../support/socket-cutter.js';

/*
 * The clinic's outbox delivers every reading exactly once: a clinic page
 * emits at least 1,000 readings from five simulated devices while its
 * signalling connection is cut again and again (its WebSockets closed and
 * reconnection refused for a while: acknowledgements in flight are lost, so
 * batches are sent again), and the server restarts once with readings still
 * waiting. The server must then hold each reading once, none missing, each
 * device's in sequence order.
 */

const READINGS = 1000;
const CUTS = 12;

let server: ConsultationServer;
let config: ServerConfig;
let dataDir: string;
let browser: Browser | undefined;

test.beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-e2e-outbox-'));
	const first = loadConfig({}, { port: 0, logLevel: 'warn', dataDir, demo: true });
	server = await ConsultationServer.start(first, createLogger(first));
	// The restarted server must be found where the page looks for it.
	config = { ...first, port: Number(new URL(server.url).port) };
});

test.afterAll(async () => {
	await browser?.close();
	await server?.close();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** What the clinic page says its devices measured, per device (shown in the consultation and, after a drop, on its home). */
async function emittedByDevice(clinic: Page): Promise<Record<string, number>> {
	return clinic.$$eval('[data-testid="measuring-device"]', (items) => Object.fromEntries(items.map((i) => [i.getAttribute('data-device-id')!, Number(i.getAttribute('data-emitted'))])));
}
const total = (byDevice: Record<string, number>) => Object.values(byDevice).reduce((a, b) => a + b, 0);

async function acceptAsExpert(consultationId: string): Promise<void> {
	const signedIn = await fetch(`${server.url}${HTTP_ROUTES.signIn}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'wang', password: DEMO_PASSWORD }),
	});
	const { accessToken } = sessionTokensSchema.parse(await signedIn.json());
	const expert: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token: accessToken, protocolVersion: PROTOCOL_VERSION } });
	try {
		await sendRequest(expert, 'consultation:accept', { consultationId });
	} finally {
		expert.disconnect();
	}
}

test('every reading reaches the server exactly once through connection cuts and a server restart', async () => {
	test.setTimeout(240_000);
	browser = await launchChromium({ video: join(TEST_MEDIA_DIR, 'exam-clip.y4m'), audio: join(TEST_MEDIA_DIR, 'tones.wav') });
	const context = await browser.newContext();
	await context.addInitScript({ content: SOCKET_CUTTER_SCRIPT });
	const clinic = await context.newPage();
	clinic.on('pageerror', (error) => console.error(`[clinic page] ${error.message}`));
	await clinic.goto(server.url);
	await signInOn(clinic, 'sok');

	const { consultationId } = await requestConsultation(clinic, { patientReference: 'KC-0001', reason: 'Asthma review with spirometry.', specialty: 'respiratory', urgency: 'routine' });
	await acceptAsExpert(consultationId);
	await joinFromCard(clinic, 'open-consultations', consultationId);
	await startSending(clinic);
	await clinic.getByTestId('simulated-pace').selectOption('fast');

	const emitted = await test.step(`the clinic emits at least ${READINGS} readings while its connection is cut ${CUTS} times`, async () => {
		for (let cut = 0; cut < CUTS; cut++) {
			await clinic.waitForTimeout(900);
			await cutLink(clinic);
			await clinic.waitForTimeout(600 + (cut % 3) * 400);
			await restoreLink(clinic);
		}
		await expect.poll(async () => total(await emittedByDevice(clinic)), { timeout: 60_000 }).toBeGreaterThanOrEqual(READINGS - 60);
		// The last cut stays until after the restart, so readings are still waiting then.
		await cutLink(clinic);
		await expect.poll(async () => total(await emittedByDevice(clinic)), { timeout: 60_000 }).toBeGreaterThanOrEqual(READINGS);
		await clinic.getByTestId('simulated-pace').selectOption('stopped');
		return emittedByDevice(clinic);
	});
	const emittedTotal = total(emitted);
	// Five devices at real-time pace until the pace changed, then five new ones at the fast pace.
	expect(Object.keys(emitted)).toHaveLength(10);

	await test.step('the server restarts while readings are still waiting at the clinic', async () => {
		await expect.poll(async () => Number(await clinic.getByTestId('outbox-backlog').getAttribute('data-count'))).toBeGreaterThan(0);
		console.log(`before the restart: ${emittedTotal} readings emitted, ${await clinic.getByTestId('outbox-backlog').getAttribute('data-count')} waiting at the clinic`);
		await server.close();
		server = await ConsultationServer.start(config, createLogger(config));
		await restoreLink(clinic);
	});

	await test.step('the server holds every reading once, in each device\'s order', async () => {
		await expect.poll(async () => (await server.records.observations.arrivalOrder(consultationId)).length, { timeout: 90_000 }).toBe(emittedTotal);
		const stored = await server.records.observations.arrivalOrder(consultationId);
		expect(new Set(stored.map((o) => o.id)).size).toBe(emittedTotal);
		for (const [deviceId, count] of Object.entries(emitted)) {
			const seqs = stored.filter((o) => o.deviceId === deviceId).map((o) => o.seq);
			// Arrival order is sequence order, and nothing is missing or extra: exactly 0, 1, …, count − 1.
			expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i));
		}
		expect(await clinic.evaluate(() => (window as any).__link.cuts)).toBeGreaterThanOrEqual(CUTS + 1);
		console.log(`server holds ${stored.length} distinct readings from ${Object.keys(emitted).length} devices after ${CUTS + 1} cuts and one restart`);
	});
});
