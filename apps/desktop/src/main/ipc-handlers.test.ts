import { describe, expect, it } from 'vitest';
import { exposeBridge } from '../preload/preload-bridge.js';
import { BRIDGE_EVENTS, BRIDGE_GLOBAL, BRIDGE_REQUESTS, type ConsultdeskBridge } from '../shared/bridge.js';
import { registerIpcHandlers } from './ipc-handlers.js';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

/** ipcMain as registerIpcHandlers sees it, and a way to invoke a channel as a given frame (the top frame unless `top: false`). */
function fakeIpcMain() {
	const handlers = new Map<string, Handler>();
	return {
		handlers,
		ipcMain: { handle: (channel: string, h: Handler) => void handlers.set(channel, h) } as never,
		invokeAs: (sender: { url: string; top?: boolean } | null, channel: string, ...args: unknown[]) => {
			const frame = sender && { url: sender.url };
			const mainFrame = sender?.top === false ? { url: 'app://consultdesk/index.html' } : frame;
			return handlers.get(channel)!({ senderFrame: frame, sender: { mainFrame } }, ...args);
		},
	};
}

const APP_PAGE = { url: 'app://consultdesk/index.html' };
const configured = { status: 'configured', config: { serverUrl: 'http://127.0.0.1:4780', appVersion: '0.1.0' } } as const;
const handlers = { getTerminalStatus: () => configured, saveTerminalSetup: () => configured, answerDeviceRequest: () => ({ accepted: true }), exportDiagnostics: () => ({ saved: true, file: '/tmp/d.json' }), setInConsultation: () => null };

describe('device requests from main', () => {
	it('reach the page only when they match the request map, and stop when unsubscribed', () => {
		const listeners = new Map<string, (event: unknown, message: unknown) => void>();
		const exposed: Record<string, ConsultdeskBridge> = {};
		exposeBridge({ exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api as ConsultdeskBridge) }, {
			invoke: async () => undefined,
			on: (channel: string, listener: (event: unknown, message: unknown) => void) => void listeners.set(channel, listener),
			removeListener: (channel: string) => void listeners.delete(channel),
		} as never);
		const seen: unknown[] = [];
		const stop = exposed[BRIDGE_GLOBAL]!.onDeviceRequest((request) => seen.push(request));
		const deliver = (message: unknown) => listeners.get('consultdesk:device-request')?.({ sender: 'ipc event' }, message);
		deliver({ kind: 'bluetooth', requestId: 'r1', devices: [{ id: 'aa', name: 'Nonin 3230' }] });
		deliver({ kind: 'bluetooth', requestId: 'r1', devices: 'all of them' });
		deliver({ kind: 'format-disk' });
		stop();
		deliver({ kind: 'ended', requestId: 'r1' });
		expect(seen).toEqual([{ kind: 'bluetooth', requestId: 'r1', devices: [{ id: 'aa', name: 'Nonin 3230' }] }]);
	});
});

describe('push events from main', () => {
	function preloadWithListeners() {
		const listeners = new Map<string, (event: unknown, message: unknown) => void>();
		const exposed: Record<string, ConsultdeskBridge> = {};
		exposeBridge({ exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api as ConsultdeskBridge) }, {
			invoke: async () => undefined,
			on: (channel: string, listener: (event: unknown, message: unknown) => void) => void listeners.set(channel, listener),
			removeListener: () => undefined,
		} as never);
		const deliver = (channel: string, message: unknown) => listeners.get(channel)?.({ sender: 'ipc event' }, message);
		return { bridge: exposed[BRIDGE_GLOBAL]!, deliver };
	}

	it('keep a consultation link that arrives before the page listens, and pass on only well-formed ones', () => {
		const { bridge, deliver } = preloadWithListeners();
		const channel = BRIDGE_EVENTS.consultationLink.channel;
		deliver(channel, { consultationId: 'c-1' });
		const seen: unknown[] = [];
		const stop = bridge.onConsultationLink((link) => seen.push(link));
		deliver(channel, { consultationId: '../../etc/passwd' });
		deliver(channel, { consultationId: 'c-2', patientName: 'Sok' });
		deliver(channel, { consultationId: 'c-3' });
		stop();
		deliver(channel, { consultationId: 'c-4' });
		expect(seen).toEqual([{ consultationId: 'c-1' }, { consultationId: 'c-3' }]);
	});

	it('tell the page an update is ready', () => {
		const { bridge, deliver } = preloadWithListeners();
		const seen: unknown[] = [];
		bridge.onUpdateReady((update) => seen.push(update));
		deliver(BRIDGE_EVENTS.updateReady.channel, { version: '0.2.0' });
		deliver(BRIDGE_EVENTS.updateReady.channel, { version: 2 });
		expect(seen).toEqual([{ version: '0.2.0' }]);
	});
});

describe('main ↔ preload bridge', () => {
	it('answers the app page, and the preload exposes exactly the bridge calls', async () => {
		const ipc = fakeIpcMain();
		registerIpcHandlers(ipc.ipcMain, handlers);
		expect([...ipc.handlers.keys()]).toEqual(Object.values(BRIDGE_REQUESTS).map((r) => r.channel));

		const exposed: Record<string, unknown> = {};
		exposeBridge(
			{ exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
			{ invoke: (channel: string, ...args: unknown[]) => ipc.invokeAs(APP_PAGE, channel, ...args), on: () => undefined, removeListener: () => undefined } as never,
		);
		const bridge = exposed[BRIDGE_GLOBAL] as ConsultdeskBridge;
		expect(Object.keys(bridge).sort()).toEqual(['answerDeviceRequest', 'exportDiagnostics', 'getTerminalStatus', 'onConsultationLink', 'onDeviceRequest', 'onUpdateReady', 'platform', 'saveTerminalSetup', 'setInConsultation']);
		expect(await bridge.exportDiagnostics({ toneHeard: true })).toEqual({ saved: true, file: '/tmp/d.json' });
		expect(bridge.platform).toBe('electron');
		expect(await bridge.getTerminalStatus()).toEqual(configured);
		expect(await bridge.saveTerminalSetup({ serverUrl: 'https://consult.example', terminalName: 'Room 1' })).toEqual(configured);
		expect(await bridge.answerDeviceRequest({ requestId: 'r1', deviceId: 'aa' })).toEqual({ accepted: true });
		expect(await ipc.invokeAs(APP_PAGE, BRIDGE_REQUESTS.answerDeviceRequest.channel, { requestId: 'r1', deviceId: 'aa', extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
	});

	it('refuses a caller that is not the app page in its top frame', async () => {
		const ipc = fakeIpcMain();
		registerIpcHandlers(ipc.ipcMain, handlers);
		const channel = BRIDGE_REQUESTS.getTerminalStatus.channel;
		for (const frame of [{ url: 'https://evil.example/index.html' }, { url: 'file:///etc/passwd' }, { url: 'app://elsewhere/index.html' }, { url: 'app://consultdesk/frame.html', top: false }, null]) {
			expect(await ipc.invokeAs(frame, channel), JSON.stringify(frame)).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
		}
	});

	it('refuses arguments the request map does not allow, and reports a handler failure as a code', async () => {
		const ipc = fakeIpcMain();
		registerIpcHandlers(ipc.ipcMain, { ...handlers, getTerminalStatus: () => ({ status: 'configured', config: { serverUrl: 'file:///x', appVersion: '1' } }) as never });
		const channel = BRIDGE_REQUESTS.getTerminalStatus.channel;
		expect(await ipc.invokeAs(APP_PAGE, channel, { sneaky: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
		expect(await ipc.invokeAs(APP_PAGE, channel)).toMatchObject({ ok: false, error: { code: 'FAILED' } });
		const save = BRIDGE_REQUESTS.saveTerminalSetup.channel;
		expect(await ipc.invokeAs(APP_PAGE, save, { serverUrl: 'https://x.example', terminalName: 'x', caCertificateFile: '/etc/shadow' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
		expect(await ipc.invokeAs(APP_PAGE, save)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
	});

	it('turns a refusal into a BridgeError with its code on the page side', async () => {
		const exposed: Record<string, ConsultdeskBridge> = {};
		exposeBridge({ exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api as ConsultdeskBridge) }, {
			invoke: async () => ({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'no' } }),
			on: () => undefined,
		} as never);
		await expect(exposed[BRIDGE_GLOBAL]!.getTerminalStatus()).rejects.toMatchObject({ name: 'BridgeError', code: 'UNTRUSTED_SENDER' });
		exposeBridge({ exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api as ConsultdeskBridge) }, { invoke: async () => 'garbage', on: () => undefined } as never);
		await expect(exposed[BRIDGE_GLOBAL]!.getTerminalStatus()).rejects.toMatchObject({ code: 'FAILED' });
	});
});
