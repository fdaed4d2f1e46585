import { describe, expect, it } from 'vitest';
import { createBrowserBridge } from './browser-bridge.js';

describe('createBrowserBridge', () => {
	it('points the app at the server that served it', async () => {
		const bridge = createBrowserBridge({ origin: 'http://127.0.0.1:4780' }, '0.1.0');
		expect(bridge.platform).toBe('browser');
		expect(await bridge.getTerminalStatus()).toEqual({ status: 'configured', config: { serverUrl: 'http://127.0.0.1:4780', appVersion: '0.1.0' } });
		await expect(bridge.saveTerminalSetup({ serverUrl: 'https://x.example', terminalName: 'x' })).rejects.toMatchObject({ code: 'FAILED' });
	});
});
