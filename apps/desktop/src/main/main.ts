import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { createMainWindow, hardenWebContents } from './main-window.js';
import { terminalConfigPaths } from './terminal-config.js';
import { TerminalState } from './terminal-state.js';

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
	const terminal = new TerminalState({
		files: {
			read: (path) => {
				try {
					return readFileSync(path, 'utf8');
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
					throw error;
				}
			},
			write: (path, text) => {
				mkdirSync(dirname(path), { recursive: true });
				writeFileSync(path, text, { mode: 0o600 });
			},
		},
		paths: terminalConfigPaths(process.platform, process.env, app.getPath('userData')),
		argv: process.argv,
		env: process.env,
		appVersion: app.getVersion(),
	});
	await app.whenReady();
	registerAppProtocol(protocol, net, join(__dirname, '../renderer'), () => terminal.contentSecurityPolicy());
	session.defaultSession.setCertificateVerifyProc((request, callback) => callback(terminal.verifyCertificate(request)));
	registerIpcHandlers(ipcMain, {
		getTerminalStatus: () => terminal.bridgeStatus(),
		saveTerminalSetup: (setup) => terminal.saveSetup(setup),
	});
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
