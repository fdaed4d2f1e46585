import { describe, expect, it } from 'vitest';
import { AppConfigError, DEFAULT_SERVER_URL, resolveAppConfig } from './app-config.js';

describe('resolveAppConfig', () => {
	it('defaults to the local server', () => {
		expect(resolveAppConfig([], {}, '1.0.0')).toEqual({ serverUrl: DEFAULT_SERVER_URL, appVersion: '1.0.0' });
	});

	it('prefers --server over the environment and keeps only the origin', () => {
		const config = resolveAppConfig(['electron', '.', '--server=https://consult.example.org/x?y'], { CONSULTDESK_SERVER_URL: 'http://a:1' }, '1');
		expect(config.serverUrl).toBe('https://consult.example.org');
		expect(resolveAppConfig([], { CONSULTDESK_SERVER_URL: 'http://10.0.0.5:4780' }, '1').serverUrl).toBe('http://10.0.0.5:4780');
	});

	it('refuses anything that is not an http(s) URL', () => {
		expect(() => resolveAppConfig(['--server=file:///etc/passwd'], {}, '1')).toThrow(AppConfigError);
		expect(() => resolveAppConfig(['--server=not a url'], {}, '1')).toThrow(/not a URL/);
	});
});
