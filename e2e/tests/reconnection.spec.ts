import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsultationServer, createLogger, loadConfig, type ServerConfig } from '@consultdesk/signaling-server';
import { expect, test } from '@playwright/test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { joinFromCard, requestConsultation, signInOn, signIn, startSending } from '../support/consultation-pages.js';
import { cutLink, restoreLink, SOCKET_CUTTER_SCRIPT } from '../support/socket-cutter.js';

/*
 * A consultation survives its signalling connection dropping and the server
 * restarting: neither side is thrown out, both say plainly that the link is
 * down while it is, and the same seats come back with their media without
 * anyone rejoining by hand — and without a producer or consumer too many.
 */

let server: ConsultationServer;
let config: ServerConfig;
let dataDir: string;
const browsers: Browser[] = [];

test.beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-e2e-reconnect-'));
	const first = loadConfig({}, { port: 0, logLevel: 'warn', dataDir, demo: true });
	server = await ConsultationServer.start(first, createLogger(first));
	// The restarted server must be found where the pages look for it.
	config = { ...first, port: Number(new URL(server.url).port) };
});

test.afterAll(async () => {
	await Promise.all(browsers.map((b) => b.close()));
	await server?.close();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The stethoscope level the expert's console shows, in dBFS (the clinic sends two tones at −12 dBFS). */
const stethoscopeLevel = async (page: Page) => Number(await page.getByTestId('level-stethoscope').getAttribute('data-dbfs'));

/** Everything the consultation needs on the server, once: two seats, the clinic's three streams and vitals, the expert receiving them. */
const WHOLE_ROOM = { peers: 2, producers: 3, consumers: 3, dataProducers: 1, dataConsumers: 1 };

test('a consultation goes on through a dropped signalling connection and a server restart, saying so while it lasts', async () => {
	test.setTimeout(180_000);
	const clinicBrowser = await launchChromium({ video: join(TEST_MEDIA_DIR, 'exam-clip.y4m'), audio: join(TEST_MEDIA_DIR, 'tones.wav') });
	const expertBrowser = await launchChromium({ audio: join(TEST_MEDIA_DIR, 'heart-sound.wav') });
	browsers.push(clinicBrowser, expertBrowser);
	const context = await clinicBrowser.newContext();
	await context.addInitScript({ content: SOCKET_CUTTER_SCRIPT });
	const clinic = await context.newPage();
	clinic.on('pageerror', (error) => console.error(`[clinic page] ${error.message}`));
	await clinic.goto(server.url);
	await signInOn(clinic, 'sok');
	const expert = await signIn(expertBrowser, server.url, 'wang');

	const { consultationId } = await requestConsultation(clinic, { patientReference: 'KC-0002', reason: 'COPD follow-up; breathless on exertion.', specialty: 'respiratory', urgency: 'routine' });
	await expert.getByTestId('queue').locator(`[data-consultation="${consultationId}"]`).getByTestId('accept').click();
	await joinFromCard(clinic, 'open-consultations', consultationId);
	await startSending(clinic);
	await joinFromCard(expert, 'mine', consultationId);
	await expect.poll(() => server.roomStats(consultationId)[0]).toMatchObject(WHOLE_ROOM);
	await expect.poll(() => stethoscopeLevel(expert)).toBeGreaterThan(-15);

	await test.step('the clinic loses its signalling connection for 10 s: both sides say so, the seat is held, and it comes back by itself', async () => {
		await cutLink(clinic);
		await expect(clinic.getByTestId('link-banner')).toHaveAttribute('data-state', 'local-lost');
		await expect(clinic.getByTestId('link-banner')).toContainText(/reconnecting, 0:\d\d/);
		await expect(expert.getByTestId('link-banner')).toHaveAttribute('data-state', 'remote-lost');
		await expect(expert.getByTestId('peers')).toContainText('Dr Sok Chenda (clinic, reconnecting…)');
		// The screens stay in the consultation, as they were.
		await expect(clinic.getByTestId('joined-code')).toBeVisible();
		await expect(expert.getByTestId('joined-code')).toBeVisible();
		expect(server.roomStats(consultationId)[0]).toMatchObject(WHOLE_ROOM);
		await clinic.waitForTimeout(10_000);
		await restoreLink(clinic);
		await expect(clinic.getByTestId('link-banner')).toHaveAttribute('data-state', 'restored', { timeout: 10_000 });
		await expect(expert.getByTestId('peers')).toContainText('Dr Sok Chenda (clinic)');
		await expect(expert.getByTestId('peers')).not.toContainText('reconnecting');
		await expect.poll(() => stethoscopeLevel(expert)).toBeGreaterThan(-15);
		// The same seat resumed: nothing was set up twice.
		expect(server.roomStats(consultationId)[0]).toMatchObject(WHOLE_ROOM);
	});

	await test.step('the server restarts during the consultation: both sides come back into it with their media, without anyone rejoining', async () => {
		await server.close();
		await expect(expert.getByTestId('link-banner')).toHaveAttribute('data-state', 'local-lost');
		await expect(clinic.getByTestId('link-banner')).toHaveAttribute('data-state', 'local-lost');
		server = await ConsultationServer.start(config, createLogger(config));
		await expect.poll(() => server.roomStats(consultationId)[0], { timeout: 30_000 }).toMatchObject(WHOLE_ROOM);
		await expect(clinic.getByTestId('joined-code')).toBeVisible();
		await expect(expert.getByTestId('joined-code')).toBeVisible();
		await expect(expert.getByTestId('link-banner')).not.toHaveAttribute('data-state', /lost/, { timeout: 15_000 });
		await expect.poll(() => stethoscopeLevel(expert), { timeout: 15_000 }).toBeGreaterThan(-15);
		await expect.poll(async () => (await server.mediaDump()).routers).toBe(1);
	});
});
