import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createMainWindow, restrictPermissions } from './main-window.js';

/** Records what createMainWindow does to a BrowserWindow, without Electron. */
class FakeBrowserWindow {
	static last: FakeBrowserWindow;
	readonly handlers = new Map<string, (...args: unknown[]) => void>();
	loaded: string | undefined;
	windowOpenHandler: (() => { action: string }) | undefined;
	permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
	permissionCheck: ((wc: unknown, permission: string) => boolean) | undefined;
	readonly webContents = {
		session: {
			setPermissionRequestHandler: (h: FakeBrowserWindow['permissionRequest']) => (this.permissionRequest = h),
			setPermissionCheckHandler: (h: FakeBrowserWindow['permissionCheck']) => (this.permissionCheck = h),
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
	it('isolates the renderer: context isolation, sandbox, no Node', () => {
		const window = create();
		expect(window.options.webPreferences).toMatchObject({
			preload: '/app/preload.cjs',
			contextIsolation: true,
			sandbox: true,
			nodeIntegration: false,
			webSecurity: true,
		});
		expect(window.loaded).toBe('app://consultdesk/index.html');
	});

	it('denies pop-ups and navigation away from the app', () => {
		const window = create();
		expect(window.windowOpenHandler?.()).toEqual({ action: 'deny' });
		let prevented = false;
		window.handlers.get('will-navigate')?.({ preventDefault: () => (prevented = true) });
		expect(prevented).toBe(true);
	});
});

describe('restrictPermissions', () => {
	it('grants camera and microphone and nothing else', () => {
		const window = create();
		const answers: Record<string, boolean> = {};
		for (const permission of ['media', 'geolocation', 'notifications', 'usb', 'clipboard-read']) {
			window.permissionRequest?.(null, permission, (ok) => (answers[permission] = ok));
		}
		expect(answers).toEqual({ media: true, geolocation: false, notifications: false, usb: false, 'clipboard-read': false });
		expect(window.permissionCheck?.(null, 'media')).toBe(true);
		expect(window.permissionCheck?.(null, 'hid')).toBe(false);
		expect(restrictPermissions).toBeTypeOf('function');
	});
});
