import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium.js';
import { signInOn } from '../support/consultation-pages.js';

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
