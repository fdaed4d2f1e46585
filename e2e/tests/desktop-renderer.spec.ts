import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium.js';

const RENDERER_INDEX = join(dirname(fileURLToPath(import.meta.url)), '../../apps/desktop/dist/renderer/index.html');

// The desktop build serves the renderer's files on app://consultdesk/
// (apps/desktop/src/main/app-protocol.ts, unit-tested) and learns the server URL
// from the preload bridge. Without the Electron binary, Chromium stands in: it
// loads the same files from disk (module scripts need
// --allow-file-access-from-files there) and an init script plays the preload.
test('the renderer loaded from disk joins the server named by the bridge', async () => {
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1 });
	const server = await ConsultationServer.start(config, createLogger(config));
	const browser = await launchChromium({}, ['--allow-file-access-from-files']);
	try {
		const page = await browser.newPage();
		await page.addInitScript((serverUrl) => {
			(window as unknown as { consultdesk: unknown }).consultdesk = {
				platform: 'electron',
				getConfig: async () => ({ serverUrl, appVersion: 'test' }),
			};
		}, server.url);
		await page.goto(pathToFileURL(RENDERER_INDEX).href);
		await page.getByLabel(/Expert console/).check();
		await page.getByTestId('consultation-code').fill('kh-disk-1');
		await page.getByTestId('join').click();
		await expect(page.getByTestId('joined-code')).toHaveText('Consultation KH-DISK-1');
		expect(server.roomStats('KH-DISK-1')[0]).toMatchObject({ peers: 1 });
	} finally {
		await browser.close();
		await server.close();
	}
});
