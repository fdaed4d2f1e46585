import { describe, expect, it } from 'vitest';
import { TerminalState } from './terminal-state.js';

const PATHS = { system: '/etc/consultdesk/terminal.json', user: '/home/doc/.config/Consultdesk/terminal.json' };

function state(initial: Record<string, string> = {}) {
	const contents = { ...initial };
	const terminal = new TerminalState({
		files: { read: (p) => contents[p], write: (p, text) => void (contents[p] = text) },
		paths: PATHS,
		argv: [],
		env: {},
		appVersion: '0.2.0',
	});
	return { terminal, contents };
}

describe('TerminalState', () => {
	it('starts unset, lets the setup screen configure it, and then lets the page reach that server only', () => {
		const { terminal, contents } = state();
		expect(terminal.bridgeStatus()).toEqual({ status: 'missing', appVersion: '0.2.0' });
		expect(terminal.contentSecurityPolicy()).toContain("connect-src 'self';");
		const saved = terminal.saveSetup({ serverUrl: 'https://consult.wuxi-hospital.example', terminalName: 'Kampong Cham CHC 1' });
		expect(saved).toEqual({ status: 'configured', config: { serverUrl: 'https://consult.wuxi-hospital.example', terminalName: 'Kampong Cham CHC 1', appVersion: '0.2.0' } });
		expect(JSON.parse(contents[PATHS.user]!)).toEqual({ serverUrl: 'https://consult.wuxi-hospital.example', terminalName: 'Kampong Cham CHC 1' });
		expect(terminal.contentSecurityPolicy()).toContain("connect-src 'self' https://consult.wuxi-hospital.example wss://consult.wuxi-hospital.example;");
	});

	it('refuses a setup that is wrong, writing nothing', () => {
		const { terminal, contents } = state();
		expect(terminal.saveSetup({ serverUrl: 'http://consult.example', terminalName: '' })).toMatchObject({ status: 'invalid', problems: expect.arrayContaining([expect.objectContaining({ key: 'serverUrl' })]) });
		expect(contents[PATHS.user]).toBeUndefined();
		expect(terminal.bridgeStatus().status).toBe('missing');
	});

	it('leaves certificates to Chromium when no private CA is configured', () => {
		const { terminal } = state({ [PATHS.system]: JSON.stringify({ serverUrl: 'https://a.example', terminalName: 'x' }) });
		expect(terminal.verifyCertificate({ hostname: 'a.example', certificate: { data: 'x' } })).toBe(-3);
	});
});
