import { join } from 'node:path';
import { contentSecurityPolicy } from '@consultdesk/protocol';
import { app, BrowserWindow, dialog, ipcMain, net, protocol } from 'electron';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.js';
import { resolveAppConfig } from './app-config.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { createMainWindow, hardenWebContents } from './main-window.js';

// Electron entry point: wiring only. Everything with logic is in modules that
// take Electron's APIs as parameters and are unit-tested without the binary.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

async function start(): Promise<void> {
	// One app per terminal: a second launch (a consultdesk:// link, a double click) focuses the first.
	if (!app.requestSingleInstanceLock()) {
		app.quit();
		return;
	}
	const config = resolveAppConfig(process.argv, process.env, app.getVersion());
	await app.whenReady();
	registerAppProtocol(protocol, net, join(__dirname, '../renderer'), contentSecurityPolicy(config.serverUrl));
	registerIpcHandlers(ipcMain, { getConfig: () => ({ ...config }) });
	const window = createMainWindow({
		BrowserWindow,
		preloadPath: join(__dirname, '../preload/preload.cjs'),
		rendererUrl: `${APP_ORIGIN}/index.html`,
	});
	app.on('second-instance', () => {
		if (window.isMinimized()) window.restore();
		window.focus();
	});
	app.on('window-all-closed', () => app.quit());
}

start().catch((error: unknown) => {
	dialog.showErrorBox('Consultdesk could not start', (error as Error).message);
	app.exit(1);
});
