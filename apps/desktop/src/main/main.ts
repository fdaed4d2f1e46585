import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { resolveAppConfig } from './app-config.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { createMainWindow } from './main-window.js';

// Electron entry point: wiring only. Everything with logic is in modules that
// take Electron's APIs as parameters and are unit-tested without the binary.
async function start(): Promise<void> {
	const config = resolveAppConfig(process.argv, process.env, app.getVersion());
	await app.whenReady();
	registerIpcHandlers(ipcMain, config);
	createMainWindow({
		BrowserWindow,
		preloadPath: join(__dirname, '../preload/preload.cjs'),
		rendererIndexPath: join(__dirname, '../renderer/index.html'),
	});
	app.on('window-all-closed', () => app.quit());
}

start().catch((error: unknown) => {
	dialog.showErrorBox('Consultdesk could not start', (error as Error).message);
	app.exit(1);
});
