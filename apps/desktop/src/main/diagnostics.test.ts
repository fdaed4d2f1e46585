import { describe, expect, it } from 'vitest';
import { diagnosticsBundle, redactLogLine } from './diagnostics.js';

describe('diagnostics', () => {
	it('redacts patient data and secrets that should never have reached a log line', () => {
		expect(redactLogLine('[info] request reason="chest pain since morning" reference=KC-0001 ok')).toBe('[info] request reason=[redacted] reference=[redacted] ok');
		expect(redactLogLine('{"refreshToken":"abc","code":"TIMEOUT"}')).toBe('{"refreshToken":[redacted],"code":"TIMEOUT"}');
		expect(redactLogLine('[info] device chooser: 2 devices offered')).toBe('[info] device chooser: 2 devices offered');
	});

	it('bundles versions, the terminal as understood, the last check and the log tail for IT', () => {
		const text = diagnosticsBundle(
			{
				appVersion: '0.1.0',
				electron: '41.7.1',
				chrome: '146',
				platform: 'linux',
				arch: 'x64',
				terminal: { status: 'configured', config: { serverUrl: 'https://consult.example', appVersion: '0.1.0', terminalName: 'Room 2' } },
				check: { server: { reachable: true, roundTripMs: 230, clockSkewMs: 1200 }, media: { path: 'tcp', roundTripMs: 240, uploadKbps: 310, lossPercent: 2.5, udpBlocked: true, verdict: 'stethoscopeOnly' } },
				logs: ['old line 1\n', 'x'.repeat(50) + '\nnew line password=hunter2\n'],
				now: new Date('2026-11-23T01:00:00Z'),
			},
			40,
		);
		const bundle = JSON.parse(text);
		expect(bundle).toMatchObject({ kind: 'consultdesk-diagnostics', app: { electron: '41.7.1' }, terminal: { config: { terminalName: 'Room 2' } }, lastCheck: { media: { udpBlocked: true } } });
		expect(bundle.log.join('\n')).not.toContain('old line 1');
		expect(bundle.log).toContain('new line password=[redacted]');
	});
});
