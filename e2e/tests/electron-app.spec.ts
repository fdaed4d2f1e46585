import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { _electron as electron, expect, test } from '@playwright/test';
import { signInOn } from '../support/consultation-pages.js';
import { findElectronBinary } from '../support/electron-binary.js';

const binary = findElectronBinary();
if (!binary.path) console.log(`[electron-app] skipped: ${binary.reason}`);
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '../../apps/desktop/dist/main/main.cjs');

test('the desktop build opens the sign-in screen with the preload bridge pointing at the server, and signs in from app://consultdesk', async () => {
	// Skipped where no Electron binary can be downloaded (as on our build machines). Nothing is covered only here:
	// the window options, IPC, config and chooser are unit-tested with Electron's APIs passed in, and the renderer
	// from disk signing in over the bridge is tests/desktop-renderer.spec.ts.
	test.skip(!binary.path, binary.reason);
	const dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-e2e-electron-'));
	// The server allows app://consultdesk by default: the desktop app's origin.
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1, dataDir, demo: true });
	const server = await ConsultationServer.start(config, createLogger(config));
	const app = await electron.launch({ executablePath: binary.path, args: [MAIN, `--server=${server.url}`, '--no-sandbox'] });
	try {
		const window = await app.firstWindow();
		await expect(window.getByTestId('sign-in')).toBeVisible();
		const bridge = await window.evaluate(async () => {
			const api = (window as unknown as { consultdesk: { platform: string; getTerminalStatus(): Promise<unknown> } }).consultdesk;
			return { platform: api.platform, terminal: await api.getTerminalStatus(), node: typeof (window as unknown as { require?: unknown }).require };
		});
		expect(bridge).toMatchObject({ platform: 'electron', terminal: { status: 'configured', config: { serverUrl: server.url } }, node: 'undefined' });
		await signInOn(window, 'sok');
		await expect(window.getByTestId('account-name')).toHaveText('Dr Sok Chenda');
		await expect(window.getByTestId('error')).toHaveCount(0);
	} finally {
		await app.close();
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
