import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
	it('has defaults that keep everything on loopback', () => {
		const config = loadConfig({});
		expect(config).toMatchObject({ host: '127.0.0.1', port: 4780, rtcListenIp: '127.0.0.1', rtcPort: 40000 });
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
		expect(() => loadConfig({ CONSULTDESK_RTC_PORT: '65535', CONSULTDESK_WORKERS: '2' })).toThrow(/rtcPort/);
		expect(() => loadConfig({ CONSULTDESK_RTC_LISTEN_IP: '0.0.0.0' })).toThrow(/rtcAnnouncedAddress/);
		expect(loadConfig({ CONSULTDESK_RTC_LISTEN_IP: '0.0.0.0', CONSULTDESK_RTC_ANNOUNCED_ADDRESS: 'consult.example.org' }).rtcPort).toBe(40000);
	});

	it('refuses the retired media port range, naming what replaced it', () => {
		expect(() => loadConfig({ CONSULTDESK_RTC_MIN_PORT: '40000' })).toThrow(/CONSULTDESK_RTC_MIN_PORT[\s\S]*rtcPort/);
		const dir = mkdtempSync(join(tmpdir(), 'consultdesk-config-'));
		writeFileSync(join(dir, 'old.json'), JSON.stringify({ rtcMinPort: 40000, rtcMaxPort: 40999 }));
		expect(() => loadConfig({ CONSULTDESK_CONFIG: join(dir, 'old.json') })).toThrow(/rtcMinPort, rtcMaxPort: the media port range was replaced by rtcPort/);
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
