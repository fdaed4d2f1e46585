import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { loadTerminalConfig, setupFileText, terminalConfigPaths, trustsPrivateServer } from './terminal-config.js';

const PATHS = { system: '/etc/consultdesk/terminal.json', user: '/home/doc/.config/Consultdesk/terminal.json' };
const files = (contents: Record<string, string>) => ({ read: (path: string) => contents[path] });
const load = (contents: Record<string, string>, argv: string[] = [], env: NodeJS.ProcessEnv = {}) => loadTerminalConfig({ files: files(contents), paths: PATHS, argv, env });

describe('terminal configuration', () => {
	it('lives in a system-wide file an installer drops, overridable per user', () => {
		expect(terminalConfigPaths('linux', {}, '/home/doc/.config/Consultdesk')).toEqual(PATHS);
		expect(terminalConfigPaths('win32', { ProgramData: 'C:\\ProgramData' }, 'C:\\Users\\doc\\AppData\\Roaming\\Consultdesk').system).toMatch(/ProgramData.Consultdesk.terminal\.json$/);
	});

	it('takes the system file, then the user file over it', () => {
		const status = load({
			[PATHS.system]: JSON.stringify({ serverUrl: 'https://consult.wuxi-hospital.example/', terminalName: 'Kampong Cham CHC 1', clinicId: 'kc' }),
			[PATHS.user]: JSON.stringify({ terminalName: 'Kampong Cham CHC – room 2' }),
		});
		expect(status).toMatchObject({ status: 'configured', config: { serverUrl: 'https://consult.wuxi-hospital.example', terminalName: 'Kampong Cham CHC – room 2', clinicId: 'kc' }, sources: [PATHS.system, PATHS.user] });
	});

	it('asks for first-run setup when there is no file at all', () => {
		expect(load({})).toEqual({ status: 'missing' });
	});

	it('names the file and key of every problem, for IT staff', () => {
		const bad = load({ [PATHS.system]: JSON.stringify({ serverUrl: 'http://consult.example', terminalName: '', colour: 'blue' }) });
		expect(bad.status).toBe('invalid');
		const problems = bad.status === 'invalid' ? bad.problems : [];
		expect(problems.map((p) => p.key)).toEqual(expect.arrayContaining(['serverUrl', 'terminalName']));
		expect(problems.find((p) => p.key === 'serverUrl')?.message).toMatch(/https/);
		expect(problems.every((p) => p.file === PATHS.system)).toBe(true);
		expect(load({ [PATHS.user]: '{ "serverUrl": ' })).toMatchObject({ status: 'invalid', problems: [{ file: PATHS.user, message: expect.stringMatching(/not valid JSON/) }] });
		expect(load({ [PATHS.user]: '[1,2]' })).toMatchObject({ status: 'invalid', problems: [{ message: 'is not a JSON object' }] });
		const unreadable = loadTerminalConfig({ files: { read: () => { throw new Error('EACCES: permission denied'); } }, paths: PATHS, argv: [], env: {} });
		expect(unreadable).toMatchObject({ status: 'invalid', problems: [{ file: PATHS.system, message: expect.stringMatching(/EACCES/) }, { file: PATHS.user }] });
	});

	it('lets a developer point at a local server with --server or CONSULTDESK_SERVER_URL', () => {
		expect(load({}, ['--server=http://127.0.0.1:4780'])).toMatchObject({ status: 'configured', config: { serverUrl: 'http://127.0.0.1:4780' }, sources: ['--server'] });
		expect(load({}, [], { CONSULTDESK_SERVER_URL: 'http://10.0.0.5:4780' })).toMatchObject({ status: 'invalid', problems: [{ key: 'serverUrl' }] });
	});

	it('writes only what the setup screen may set, validated', () => {
		expect(setupFileText({ serverUrl: 'https://consult.example/x', terminalName: 'Room 1' })).toEqual({ text: '{\n  "serverUrl": "https://consult.example",\n  "terminalName": "Room 1"\n}\n' });
		expect(setupFileText({ serverUrl: 'https://consult.example', terminalName: 'Room 1', caCertificateFile: '/tmp/evil.pem' })).toMatchObject({ problems: [expect.anything()] });
		expect(setupFileText({ serverUrl: 'ftp://x', terminalName: 'Room 1' })).toMatchObject({ problems: expect.arrayContaining([expect.objectContaining({ key: 'serverUrl' })]) });
	});
});

describe('a private certificate authority', () => {
	it('is trusted for the configured server only, and only for certificates it signed', async () => {
		const ca = await generate([{ name: 'commonName', value: 'Wuxi Hospital IT CA' }], { keySize: 2048, extensions: [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }] });
		const leaf = await generate([{ name: 'commonName', value: 'consult.wuxi-hospital.example' }], {
			keySize: 2048,
			ca: { key: ca.private, cert: ca.cert },
			extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'consult.wuxi-hospital.example' }] }],
		});
		const stranger = await generate([{ name: 'commonName', value: 'consult.wuxi-hospital.example' }], { keySize: 2048, extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'consult.wuxi-hospital.example' }] }] });
		const trustedCa = new X509Certificate(ca.cert);
		const server = 'https://consult.wuxi-hospital.example';
		expect(trustsPrivateServer({ hostname: 'consult.wuxi-hospital.example', certificate: { data: leaf.cert } }, server, trustedCa)).toBe(true);
		expect(trustsPrivateServer({ hostname: 'consult.wuxi-hospital.example', certificate: { data: stranger.cert } }, server, trustedCa)).toBe(false);
		expect(trustsPrivateServer({ hostname: 'elsewhere.example', certificate: { data: leaf.cert } }, server, trustedCa)).toBe(false);
		expect(trustsPrivateServer({ hostname: 'consult.wuxi-hospital.example', certificate: { data: 'garbage' } }, server, trustedCa)).toBe(false);
		expect(trustsPrivateServer({ hostname: 'consult.wuxi-hospital.example', certificate: { data: leaf.cert } }, server, trustedCa, new Date('2100-01-01'))).toBe(false);
	});
});
