import { describe, expect, it } from 'vitest';
import { exposeBridge } from '../preload/preload-bridge.js';
import { BRIDGE_GLOBAL, IPC_CHANNELS, type ConsultdeskBridge } from '../shared/bridge.js';
import { registerIpcHandlers } from './ipc-handlers.js';

describe('main ↔ preload bridge', () => {
	it('answers getConfig over IPC, and the preload exposes exactly the bridge calls', async () => {
		const handlers = new Map<string, () => unknown>();
		registerIpcHandlers({ handle: (channel: string, h: () => unknown) => void handlers.set(channel, h) } as never, {
			serverUrl: 'http://127.0.0.1:4780',
			appVersion: '0.1.0',
		});
		expect([...handlers.keys()]).toEqual([IPC_CHANNELS.getConfig]);

		const exposed: Record<string, unknown> = {};
		exposeBridge(
			{ exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
			{ invoke: async (channel: string) => handlers.get(channel)?.() } as never,
		);
		const bridge = exposed[BRIDGE_GLOBAL] as ConsultdeskBridge;
		expect(Object.keys(bridge).sort()).toEqual(['getConfig', 'platform']);
		expect(bridge.platform).toBe('electron');
		expect(await bridge.getConfig()).toEqual({ serverUrl: 'http://127.0.0.1:4780', appVersion: '0.1.0' });
	});
});
