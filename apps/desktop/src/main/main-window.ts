import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';

/** The parts of Electron the main window needs, passed in so this runs under test without Electron. */
export interface MainWindowDeps {
	BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
	preloadPath: string;
	/** Where the renderer is served: app://consultdesk/index.html in the desktop build. */
	rendererUrl: string;
}

/** Only camera and microphone; no notifications, geolocation, USB, … */
const ALLOWED_PERMISSIONS = new Set(['media']);

export function secureWebPreferences(preloadPath: string): BrowserWindowConstructorOptions['webPreferences'] {
	return {
		preload: preloadPath,
		contextIsolation: true,
		sandbox: true,
		nodeIntegration: false,
		webSecurity: true,
		spellcheck: false,
	};
}

export function restrictPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
	session.setPermissionRequestHandler((_wc, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
	session.setPermissionCheckHandler((_wc, permission) => ALLOWED_PERMISSIONS.has(permission));
}

/** Creates the one app window: sandboxed, no pop-ups, no navigation away from the app. */
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
	window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
	window.webContents.on('will-navigate', (event) => event.preventDefault());
	window.once('ready-to-show', () => window.show());
	void window.loadURL(deps.rendererUrl);
	return window;
}
