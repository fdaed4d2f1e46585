import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
	it('has defaults that keep everything on loopback', () => {
		const config = loadConfig({});
		expect(config).toMatchObject({ host: '127.0.0.1', port: 4780, rtcListenIp: '127.0.0.1', rtcMinPort: 40000 });
		expect(config.workers).toBeGreaterThanOrEqual(1);
	});

	it('takes the file, then the environment over it', () => {
		const dir = mkdtempSync(join(tmpdir(), 'consultdesk-config-'));
		const file = join(dir, 'server.json');
		writeFileSync(file, JSON.stringify({ port: 5000, rtcAnnouncedAddress: 'consult.example.org', workers: 3 }));
		const config = loadConfig({ CONSULTDESK_CONFIG: file, CONSULTDESK_WORKERS: '2' });
		expect(config).toMatchObject({ port: 5000, rtcAnnouncedAddress: 'consult.example.org', workers: 2 });
	});

	it('explains every invalid value instead of starting half-configured', () => {
		const attempt = () => loadConfig({ CONSULTDESK_PORT: 'eighty', CONSULTDESK_RTC_LISTEN_IP: 'localhost' });
		expect(attempt).toThrow(ConfigError);
		expect(attempt).toThrow(/port[\s\S]*rtcListenIp|rtcListenIp[\s\S]*port/);
		expect(() => loadConfig({ CONSULTDESK_RTC_MIN_PORT: '5000', CONSULTDESK_RTC_MAX_PORT: '4000' })).toThrow(/rtcMinPort/);
	});

	it('rejects unknown keys in the file and a file that is not JSON', () => {
		const dir = mkdtempSync(join(tmpdir(), 'consultdesk-config-'));
		writeFileSync(join(dir, 'typo.json'), JSON.stringify({ prot: 1 }));
		expect(() => loadConfig({ CONSULTDESK_CONFIG: join(dir, 'typo.json') })).toThrow(/prot/);
		writeFileSync(join(dir, 'bad.json'), '{ port: ');
		expect(() => loadConfig({ CONSULTDESK_CONFIG: join(dir, 'bad.json') })).toThrow(ConfigError);
		expect(() => loadConfig({ CONSULTDESK_CONFIG: join(dir, 'missing.json') })).toThrow(/cannot read/);
	});
});
