import type { BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

/** The parts of Electron the main window needs, passed in so this runs under test without Electron. */
export interface MainWindowDeps {
	BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
	preloadPath: string;
	/** Where the renderer is served: app://consultdesk/index.html in the desktop build. */
	rendererUrl: string;
}

/** Camera and microphone, and serial devices (vitals monitors); nothing else, and only for the app's own page. */
const ALLOWED_REQUESTS = new Set(['media']);
const ALLOWED_CHECKS = new Set(['media', 'serial']);
const ALLOWED_DEVICES = new Set(['serial']);

/** True for URLs and origins of the app's own pages (app://consultdesk/…). */
export function isAppUrl(url: string | undefined): boolean {
	if (!url) return false;
	try {
		const parsed = new URL(url);
		return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
	} catch {
		return false;
	}
}

export function secureWebPreferences(preloadPath: string): BrowserWindowConstructorOptions['webPreferences'] {
	return {
		preload: preloadPath,
		contextIsolation: true,
		sandbox: true,
		nodeIntegration: false,
		nodeIntegrationInSubFrames: false,
		nodeIntegrationInWorker: false,
		webSecurity: true,
		allowRunningInsecureContent: false,
		experimentalFeatures: false,
		webviewTag: false,
		navigateOnDragDrop: false,
		spellcheck: false,
	};
}

/** Grants what a consultation needs, and only to the app's own page; everything else and everyone else is refused. */
export function restrictPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
	session.setPermissionRequestHandler((webContents, permission, callback, details) =>
		callback(ALLOWED_REQUESTS.has(permission) && isAppUrl(details.requestingUrl || webContents.getURL())),
	);
	session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => ALLOWED_CHECKS.has(permission) && isAppUrl(requestingOrigin));
	session.setDevicePermissionHandler((details) => ALLOWED_DEVICES.has(details.deviceType) && isAppUrl(details.origin));
}

/**
 * What every web contents gets, the main window's and any other: no pop-ups,
 * no navigation away from the app, no <webview>. Registered for all of them
 * (app 'web-contents-created'), so a window created later cannot miss it.
 */
export function hardenWebContents(contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>): void {
	contents.setWindowOpenHandler(() => ({ action: 'deny' }));
	contents.on('will-navigate', (event, url) => {
		if (!isAppUrl(url)) event.preventDefault();
	});
	contents.on('will-redirect', (event, url) => {
		if (!isAppUrl(url)) event.preventDefault();
	});
	contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Creates the one app window: sandboxed, isolated, its permissions restricted. */
export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
	const window = new deps.BrowserWindow({
		width: 1280,
		height: 800,
		minWidth: 960,
		minHeight: 600,
		title: 'Consultdesk',
		show: false,
		webPreferences: secureWebPreferences(deps.preloadPath),
	});
	restrictPermissions(window.webContents.session);
	hardenWebContents(window.webContents);
	window.once('ready-to-show', () => window.show());
	void window.loadURL(deps.rendererUrl);
	return window;
}
