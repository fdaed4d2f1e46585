import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createMainWindow } from './main-window.js';

/** Records what createMainWindow does to a BrowserWindow, without Electron. */
class FakeBrowserWindow {
	static last: FakeBrowserWindow;
	readonly handlers = new Map<string, (...args: unknown[]) => void>();
	loaded: string | undefined;
	windowOpenHandler: (() => { action: string }) | undefined;
	permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void) | undefined;
	permissionCheck: ((wc: unknown, permission: string, origin: string) => boolean) | undefined;
	devicePermission: ((details: { deviceType: string; origin: string }) => boolean) | undefined;
	readonly webContents = {
		session: {
			setPermissionRequestHandler: (h: FakeBrowserWindow['permissionRequest']) => (this.permissionRequest = h),
			setPermissionCheckHandler: (h: FakeBrowserWindow['permissionCheck']) => (this.permissionCheck = h),
			setDevicePermissionHandler: (h: FakeBrowserWindow['devicePermission']) => (this.devicePermission = h),
		},
		setWindowOpenHandler: (h: () => { action: string }) => (this.windowOpenHandler = h),
		on: (event: string, h: (...args: unknown[]) => void) => this.handlers.set(event, h),
	};
	constructor(readonly options: BrowserWindowConstructorOptions) {
		FakeBrowserWindow.last = this;
	}
	once(event: string, h: () => void) {
		this.handlers.set(event, h);
	}
	loadURL(url: string) {
		this.loaded = url;
		return Promise.resolve();
	}
	show() {}
}

function create() {
	createMainWindow({
		BrowserWindow: FakeBrowserWindow as never,
		preloadPath: '/app/preload.cjs',
		rendererUrl: 'app://consultdesk/index.html',
	});
	return FakeBrowserWindow.last;
}

describe('createMainWindow', () => {
	it('isolates the renderer: context isolation, sandbox, no Node anywhere, no webview, web security on', () => {
		const window = create();
		expect(window.options.webPreferences).toMatchObject({
			preload: '/app/preload.cjs',
			contextIsolation: true,
			sandbox: true,
			nodeIntegration: false,
			nodeIntegrationInSubFrames: false,
			nodeIntegrationInWorker: false,
			webSecurity: true,
			allowRunningInsecureContent: false,
			webviewTag: false,
		});
		expect(window.loaded).toBe('app://consultdesk/index.html');
	});

	it('denies pop-ups, webviews, and navigation or redirects away from the app', () => {
		const window = create();
		expect(window.windowOpenHandler?.()).toEqual({ action: 'deny' });
		const prevented = (event: string, url: string) => {
			let stopped = false;
			window.handlers.get(event)?.({ preventDefault: () => (stopped = true) }, url);
			return stopped;
		};
		expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
		expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
		expect(prevented('will-redirect', 'http://127.0.0.1:4780/')).toBe(true);
		expect(prevented('will-navigate', 'app://consultdesk/index.html')).toBe(false);
		expect(prevented('will-attach-webview', 'app://consultdesk/x')).toBe(true);
	});
});

describe('restrictPermissions', () => {
	it('grants camera, microphone and serial devices to the app page only, and nothing else to anyone', () => {
		const window = create();
		const asked = (permission: string, requestingUrl: string) => {
			let granted: boolean | undefined;
			window.permissionRequest?.({ getURL: () => requestingUrl }, permission, (ok) => (granted = ok), { requestingUrl });
			return granted;
		};
		expect(asked('media', 'app://consultdesk/index.html')).toBe(true);
		for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'display-capture']) expect(asked(permission, 'app://consultdesk/index.html'), permission).toBe(false);
		expect(asked('media', 'https://evil.example/')).toBe(false);
		expect(window.permissionCheck?.(null, 'media', 'app://consultdesk')).toBe(true);
		expect(window.permissionCheck?.(null, 'serial', 'app://consultdesk')).toBe(true);
		expect(window.permissionCheck?.(null, 'hid', 'app://consultdesk')).toBe(false);
		expect(window.permissionCheck?.(null, 'media', 'https://evil.example')).toBe(false);
		expect(window.devicePermission?.({ deviceType: 'serial', origin: 'app://consultdesk' })).toBe(true);
		expect(window.devicePermission?.({ deviceType: 'usb', origin: 'app://consultdesk' })).toBe(false);
		expect(window.devicePermission?.({ deviceType: 'serial', origin: 'https://evil.example' })).toBe(false);
	});
});
