import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium.js';
import { consultationCard, requestConsultation, signInOn } from '../support/consultation-pages.js';

const RENDERER_INDEX = join(dirname(fileURLToPath(import.meta.url)), '../../apps/desktop/dist/renderer/index.html');

// The desktop build serves the renderer's files on app://consultdesk/
// (apps/desktop/src/main/app-protocol.ts, unit-tested) and learns the server URL
// from the preload bridge. Without the Electron binary, Chromium stands in: it
// loads the same files from disk (module scripts need
// --allow-file-access-from-files there) and an init script plays the preload.
// A page from disk calls the API cross-origin, so this server is told to allow
// its origin, as a real one allows app://consultdesk: Chromium sends
// "Origin: file://" for it (156 does; other versions and browsers send "null").
test('the renderer loaded from disk signs in to the server named by the bridge, over HTTP and the socket', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-e2e-disk-'));
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1, dataDir, demo: true, allowedOrigins: ['null', 'file://'] });
	const server = await ConsultationServer.start(config, createLogger(config));
	const browser = await launchChromium({}, ['--allow-file-access-from-files']);
	try {
		const page = await browser.newPage();
		page.on('pageerror', (error) => console.error(`[disk page] ${error.message}`));
		await page.addInitScript((serverUrl) => {
			(window as unknown as { consultdesk: unknown }).consultdesk = {
				platform: 'electron',
				getTerminalStatus: async () => ({ status: 'configured', config: { serverUrl, appVersion: 'test', terminalName: 'e2e' } }),
				saveTerminalSetup: async () => {
					throw new Error('not expected');
				},
				onDeviceRequest: () => () => undefined,
				onConsultationLink: () => () => undefined,
				onUpdateReady: () => () => undefined,
				setInConsultation: async () => null,
				answerDeviceRequest: async () => ({ accepted: false }),
			};
		}, server.url);
		await page.goto(pathToFileURL(RENDERER_INDEX).href);
		await signInOn(page, 'sok');
		await expect(page.getByTestId('account-name')).toHaveText('Dr Sok Chenda');
		// The patient list comes over the socket, the history over HTTP with the access token.
		await expect(page.getByTestId('request-patient').locator('option[data-reference="KC-0001"]')).toHaveCount(1);
		await expect(page.getByTestId('history')).toHaveCount(0);
		await expect(page.getByText('No consultations yet.')).toBeVisible();
		await expect(page.getByTestId('connection-status')).toHaveCount(0);
		await expect(page.getByTestId('error')).toHaveCount(0);

		await page.getByTestId('sign-out').click();
		await expect(page.getByTestId('signed-out-reason')).toHaveAttribute('data-reason', 'manual');
	} finally {
		await browser.close();
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
});

// First run: main has no terminal file, so the bridge says 'missing'; the
// setup screen takes the server and the terminal's name, main writes them
// (apps/desktop/src/main/terminal-state.ts, unit-tested) and the page reloads
// under the new server's policy. The stand-in keeps its file in window.name,
// which survives the reload as main's file would.
test('a terminal without configuration shows first-run setup, then signs in to the server it was given', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-e2e-setup-'));
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1, dataDir, demo: true, allowedOrigins: ['null', 'file://'] });
	const server = await ConsultationServer.start(config, createLogger(config));
	const browser = await launchChromium({}, ['--allow-file-access-from-files']);
	try {
		const page = await browser.newPage();
		page.on('pageerror', (error) => console.error(`[setup page] ${error.message}`));
		await page.addInitScript(() => {
			const saved = () => (window.name ? (JSON.parse(window.name) as { serverUrl: string; terminalName: string }) : undefined);
			const status = () => {
				const file = saved();
				return file ? { status: 'configured', config: { ...file, appVersion: 'test' } } : { status: 'missing', appVersion: 'test' };
			};
			(window as unknown as { consultdesk: unknown }).consultdesk = {
				platform: 'electron',
				getTerminalStatus: async () => status(),
				saveTerminalSetup: async (setup: { serverUrl: string; terminalName: string }) => {
					window.name = JSON.stringify(setup);
					return status();
				},
				onDeviceRequest: () => () => undefined,
				onConsultationLink: () => () => undefined,
				onUpdateReady: () => () => undefined,
				setInConsultation: async () => null,
				answerDeviceRequest: async () => ({ accepted: false }),
			};
		});
		await page.goto(pathToFileURL(RENDERER_INDEX).href);
		await expect(page.getByTestId('setup-form')).toBeVisible();
		await expect(page.getByTestId('sign-in-form')).toHaveCount(0);
		await page.getByTestId('setup-server-url').fill(server.url);
		await page.getByTestId('setup-terminal-name').fill('Kampong Cham CHC – room 2');
		await page.getByTestId('setup-save').click();
		await expect(page.getByTestId('sign-in-form')).toBeVisible();
		await signInOn(page, 'sok');
		await expect(page.getByTestId('account-name')).toHaveText('Dr Sok Chenda');
	} finally {
		await browser.close();
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
});

// Chromium asks main which Bluetooth device to connect (main: device-chooser.ts,
// unit-tested); main asks the page. Here the stand-in preload plays main.
test('the doctor chooses the Bluetooth device from the list found, and can cancel', async () => {
	const browser = await launchChromium({}, ['--allow-file-access-from-files']);
	try {
		const page = await browser.newPage();
		page.on('pageerror', (error) => console.error(`[devices page] ${error.message}`));
		await page.addInitScript(() => {
			const w = window as unknown as { consultdesk: unknown; pushDeviceRequest?: (r: unknown) => void; deviceAnswers: unknown[] };
			w.deviceAnswers = [];
			w.consultdesk = {
				platform: 'electron',
				getTerminalStatus: async () => ({ status: 'configured', config: { serverUrl: 'http://127.0.0.1:9', appVersion: 'test' } }),
				saveTerminalSetup: async () => ({ status: 'missing', appVersion: 'test' }),
				onDeviceRequest: (listener: (r: unknown) => void) => {
					w.pushDeviceRequest = listener;
					return () => undefined;
				},
				answerDeviceRequest: async (answer: unknown) => {
					w.deviceAnswers.push(answer);
					return { accepted: true };
				},
				onConsultationLink: () => () => undefined,
				onUpdateReady: () => () => undefined,
				setInConsultation: async () => null,
			};
		});
		await page.goto(pathToFileURL(RENDERER_INDEX).href);
		await page.getByTestId('sign-in-form').waitFor();
		const push = (request: unknown) => page.evaluate((r) => (window as any).pushDeviceRequest(r), request);
		await push({ kind: 'bluetooth', requestId: 'r1', devices: [] });
		await expect(page.getByTestId('device-chooser')).toContainText('Searching for devices');
		await push({ kind: 'bluetooth', requestId: 'r1', devices: [{ id: 'aa', name: 'Nonin 3230' }, { id: 'bb', name: 'Omron BP7000' }] });
		await page.locator('[data-testid="device-choose"][data-device="bb"]').click();
		await expect(page.getByTestId('device-chooser')).toHaveCount(0);
		await push({ kind: 'serial', requestId: 'r2', devices: [{ id: 'COM3', name: 'Spirometer' }] });
		await page.getByTestId('device-cancel').click();
		await push({ kind: 'pairing', requestId: 'r3', deviceId: 'aa', deviceName: 'Nonin 3230', pairingKind: 'providePin' });
		await page.getByTestId('device-pin').fill('123456');
		await page.getByTestId('device-pair').click();
		await push({ kind: 'bluetooth', requestId: 'r4', devices: [{ id: 'aa', name: 'Nonin 3230' }] });
		await push({ kind: 'ended', requestId: 'r4' });
		await expect(page.getByTestId('device-chooser')).toHaveCount(0);
		expect(await page.evaluate(() => (window as any).deviceAnswers)).toEqual([
			{ requestId: 'r1', deviceId: 'bb' },
			{ requestId: 'r2', deviceId: null },
			{ requestId: 'r3', confirmed: true, pin: '123456' },
		]);
	} finally {
		await browser.close();
	}
});

// consultdesk://consultation/<id>: main parses the link (consultation-link.ts,
// unit-tested) and pushes the id through the bridge; here the stand-in preload
// pushes it. The page asks the server as the signed-in account, so the same
// link joins for one account and is refused for another.
test('a consultation link joins its consultation for an account that may see it, and only then', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-e2e-links-'));
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1, dataDir, demo: true, allowedOrigins: ['null', 'file://'] });
	const server = await ConsultationServer.start(config, createLogger(config));
	const browser = await launchChromium({}, ['--allow-file-access-from-files']);
	/** A page from disk whose stand-in preload can push a link (window.openLink) and an update (window.updateReady). */
	const terminal = async (name: string) => {
		const page = await browser.newPage();
		page.on('pageerror', (error) => console.error(`[${name} page] ${error.message}`));
		await page.addInitScript((serverUrl) => {
			const w = window as unknown as Record<string, unknown>;
			w.consultdesk = {
				platform: 'electron',
				getTerminalStatus: async () => ({ status: 'configured', config: { serverUrl, appVersion: 'test', terminalName: 'e2e' } }),
				saveTerminalSetup: async () => ({ status: 'missing', appVersion: 'test' }),
				onDeviceRequest: () => () => undefined,
				answerDeviceRequest: async () => ({ accepted: false }),
				onConsultationLink: (listener: (link: { consultationId: string }) => void) => {
					w.openLink = (consultationId: string) => listener({ consultationId });
					return () => undefined;
				},
				onUpdateReady: (listener: (update: { version: string }) => void) => {
					w.updateReady = (version: string) => listener({ version });
					return () => undefined;
				},
				setInConsultation: async (inConsultation: boolean) => {
					w.inConsultation = inConsultation;
					return null;
				},
			};
		}, server.url);
		await page.goto(pathToFileURL(RENDERER_INDEX).href);
		await page.getByTestId('sign-in-form').waitFor();
		await page.waitForFunction(() => typeof (window as any).openLink === 'function');
		return { page, openLink: (id: string) => page.evaluate((i) => (window as any).openLink(i), id) };
	};
	try {
		const sok = await terminal('sok');
		await sok.page.evaluate(() => (window as any).updateReady('0.2.0'));
		await expect(sok.page.getByTestId('update-ready')).toContainText('0.2.0');
		await signInOn(sok.page, 'sok');
		const { consultationId, code } = await requestConsultation(sok.page, { patientReference: 'KC-0001', reason: 'Cough for three weeks.', specialty: 'respiratory', urgency: 'routine' });

		await test.step('not yet accepted: the clinic is told it cannot be joined now', async () => {
			await sok.openLink(consultationId);
			await expect(sok.page.getByTestId('link-notice')).toHaveAttribute('data-kind', 'not-open');
			await expect(sok.page.getByTestId('link-notice')).toContainText('Waiting for an expert');
		});

		await test.step('a cardiologist may not see a respiratory request, and an unknown id reads the same', async () => {
			const chen = await terminal('chen');
			await signInOn(chen.page, 'chen');
			await chen.openLink(consultationId);
			await expect(chen.page.getByTestId('link-notice')).toHaveAttribute('data-kind', 'not-available');
			await chen.page.getByTestId('link-notice').getByRole('button').click();
			await chen.openLink('0b8f3c1e-5d2a-4f7e-9c61-2a7d4e8b9f10');
			await expect(chen.page.getByTestId('link-notice')).toHaveAttribute('data-kind', 'not-available');
			await expect(chen.page.getByTestId('joined-code')).toHaveCount(0);
		});

		await test.step('the respiratory expert accepts, and the link joins the consultation', async () => {
			const wang = await terminal('wang');
			await signInOn(wang.page, 'wang');
			await consultationCard(wang.page, 'queue', consultationId).getByTestId('accept').click();
			await expect(consultationCard(wang.page, 'mine', consultationId)).toBeVisible();
			await wang.openLink(consultationId);
			await expect(wang.page.getByTestId('joined-code')).toHaveText(`Consultation ${code}`);
			// Main holds update checks back while the page is in a consultation.
			expect(await wang.page.evaluate(() => (window as any).inConsultation)).toBe(true);
		});

		await test.step('a link that arrives before sign-in waits for it', async () => {
			const clinic = await terminal('sok again');
			await clinic.openLink(consultationId);
			await signInOn(clinic.page, 'sok');
			await expect(clinic.page.getByTestId('joined-code')).toHaveText(`Consultation ${code}`);
		});
	} finally {
		await browser.close();
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
