import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import log from 'electron-log/main';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import electronUpdater from 'electron-updater';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.js';
import { DEVICE_REQUEST_CHANNEL } from '../shared/device-requests.js';
import { BridgeEventSender } from './bridge-events.js';
import { LINK_SCHEME, linkInArgv, parseConsultationLink } from './consultation-link.js';
import { DeviceChooser } from './device-chooser.js';
import { diagnosticsBundle, redactLogLine } from './diagnostics.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { createMainWindow, hardenWebContents } from './main-window.js';
import { terminalConfigPaths } from './terminal-config.js';
import { TerminalState } from './terminal-state.js';
import { startUpdateChecks, type UpdateChecks } from './update-checker.js';

// Electron entry point: wiring only. Everything with logic is in modules that
// take Electron's APIs as parameters and are unit-tested without the binary.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// The app's own log: main.log in the user's logs folder, rotated at 1 MB (one old file kept), redacted.
log.transports.file.maxSize = 1_000_000;
log.transports.file.level = 'info';
log.transports.console.level = false;
log.hooks.push((message) => ({ ...message, data: message.data.map((d) => (typeof d === 'string' ? redactLogLine(d) : d)) }));
log.errorHandler.startCatching();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

// Push events for the page; they wait for it to load.
const events = new BridgeEventSender();
/** A consultdesk:// link from the system: passed on if well-formed; otherwise logged by what was wrong, never by its text. */
function openLink(text: string): void {
	const link = parseConsultationLink(text);
	if (!link.ok) {
		log.warn(`ignored a ${LINK_SCHEME}:// link: ${link.reason}`);
		return;
	}
	log.info(`opening a ${LINK_SCHEME}://consultation link`);
	events.send('consultationLink', { consultationId: link.consultationId });
}
// macOS hands links over as an event, possibly before the app is ready.
app.on('open-url', (event, url) => {
	event.preventDefault();
	openLink(url);
});

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
	// The installers register consultdesk:// (deb/AppImage .desktop file, NSIS for all users); this keeps it
	// pointing at this copy. Not from a development run, which would claim the links for `electron .`.
	// electronegativity: PROTOCOL_HANDLER_JS_CHECK every link is untrusted text: parseConsultationLink admits only
	// consultdesk://consultation/<id> (unit-tested), and the page still asks the server whether this account may see it.
	if (app.isPackaged) app.setAsDefaultProtocolClient(LINK_SCHEME);
	const startLink = linkInArgv(process.argv);
	if (startLink) openLink(startLink);
	await app.whenReady();
	log.info(`Consultdesk ${app.getVersion()} starting; terminal ${terminal.bridgeStatus().status}`);
	registerAppProtocol(protocol, net, join(__dirname, '../renderer'), () => terminal.contentSecurityPolicy());
	// electronegativity: CERTIFICATE_VERIFY_PROC_JS_CHECK — this never opts out of TLS: it accepts only a
	// certificate for the configured server's host that chains to the CA IT configured (terminal-config.ts,
	// trustsPrivateServer, unit-tested); for everything else -3 keeps Chromium's own verdict.
	session.defaultSession.setCertificateVerifyProc((request, callback) => callback(terminal.verifyCertificate(request)));
	let updates: UpdateChecks = { stop: () => undefined, notBusy: () => undefined };
	// The handlers exist before the window loads its page, which calls them at once; the window, a moment later.
	const page: { window?: BrowserWindow; inConsultation: boolean } = { inConsultation: false };
	const devices = new DeviceChooser({ send: (request) => page.window?.webContents.send(DEVICE_REQUEST_CHANNEL, request) });
	registerIpcHandlers(ipcMain, {
		getTerminalStatus: () => terminal.bridgeStatus(),
		saveTerminalSetup: (setup) => terminal.saveSetup(setup),
		answerDeviceRequest: (answer) => ({ accepted: devices.answer(answer) }),
		setInConsultation: (inConsultation) => {
			page.inConsultation = inConsultation;
			if (!inConsultation) updates.notBusy();
			return null;
		},
		exportDiagnostics: async (check) => {
			const choice = await dialog.showSaveDialog(page.window!, { defaultPath: `consultdesk-diagnostics-${new Date().toISOString().slice(0, 10)}.json` });
			if (choice.canceled || !choice.filePath) return { saved: false };
			const file = log.transports.file.getFile().path;
			const read = (path: string) => {
				try {
					return readFileSync(path, 'utf8');
				} catch {
					return '';
				}
			};
			writeFileSync(
				choice.filePath,
				diagnosticsBundle({
					appVersion: app.getVersion(),
					electron: process.versions.electron,
					chrome: process.versions.chrome,
					platform: process.platform,
					arch: process.arch,
					terminal: terminal.bridgeStatus(),
					check,
					logs: [read(file.replace(/\.log$/, '.old.log')), read(file)],
					now: new Date(),
				}),
			);
			log.info('diagnostics exported');
			return { saved: true, file: choice.filePath };
		},
	});
	const window = createMainWindow({
		BrowserWindow,
		preloadPath: join(__dirname, '../preload/preload.cjs'),
		rendererUrl: `${APP_ORIGIN}/index.html`,
	});
	page.window = window;
	events.attach(window.webContents);
	window.webContents.on('did-finish-load', () => {
		// A page that loaded anew is in no consultation, whatever the last one said.
		page.inConsultation = false;
		updates.notBusy();
		events.flush();
	});
	updates = startUpdateChecks({
		updater: () => electronUpdater.autoUpdater,
		// electron-updater works only in a packaged app; a development run checks nothing.
		updateUrl: app.isPackaged ? terminal.updateUrl() : undefined,
		log,
		onReady: (update) => events.send('updateReady', update),
		every: (ms, check) => {
			const timer = setInterval(check, ms);
			return () => clearInterval(timer);
		},
		busy: () => page.inConsultation,
	});
	// Chromium would otherwise connect the first device it finds; the doctor chooses instead.
	window.webContents.on('select-bluetooth-device', (event, found, callback) => {
		event.preventDefault();
		devices.offer('bluetooth', found.map((d) => ({ id: d.deviceId, name: d.deviceName })), callback);
	});
	const appSession = window.webContents.session;
	appSession.on('select-serial-port', (event, ports, _contents, callback) => {
		event.preventDefault();
		devices.offer('serial', ports.map((p) => ({ id: p.portId, name: p.displayName ?? p.portName })), callback);
	});
	appSession.on('serial-port-added', (_event, port) => devices.serialPortChanged({ id: port.portId, name: port.displayName ?? port.portName }, true));
	appSession.on('serial-port-removed', (_event, port) => devices.serialPortChanged({ id: port.portId, name: port.displayName ?? port.portName }, false));
	appSession.setBluetoothPairingHandler((details, callback) => devices.pair({ deviceId: details.deviceId, pairingKind: details.pairingKind, pin: details.pin }, callback));
	window.webContents.on('did-start-navigation', () => devices.cancelAll());
	window.webContents.on('render-process-gone', () => {
		devices.cancelAll();
		page.inConsultation = false;
	});
	app.on('second-instance', (_event, argv) => {
		if (window.isMinimized()) window.restore();
		window.focus();
		const link = linkInArgv(argv);
		if (link) openLink(link);
	});
	app.on('window-all-closed', () => app.quit());
}

start().catch((error: unknown) => {
	dialog.showErrorBox('Consultdesk could not start', (error as Error).message);
	app.exit(1);
});
