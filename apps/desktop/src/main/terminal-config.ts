import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { terminalConfigSchema, terminalSetupSchema, type ConfigProblem, type TerminalConfig } from '../shared/terminal-config.js';

export const TERMINAL_CONFIG_FILE = 'terminal.json';

/** Where the files live: system-wide (written by an installer or IT script), then the user's. */
export function terminalConfigPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, userDataDir: string): { system: string; user: string } {
	const system =
		platform === 'win32'
			? join(env.ProgramData ?? 'C:\\ProgramData', 'Consultdesk', TERMINAL_CONFIG_FILE)
			: platform === 'darwin'
				? join('/Library/Application Support/Consultdesk', TERMINAL_CONFIG_FILE)
				: join('/etc/consultdesk', TERMINAL_CONFIG_FILE);
	return { system, user: join(userDataDir, TERMINAL_CONFIG_FILE) };
}

export type TerminalConfigStatus =
	| { status: 'configured'; config: TerminalConfig; caCertificate?: X509Certificate | undefined; sources: string[] }
	/** Neither file exists: the first-run setup screen. */
	| { status: 'missing' }
	/** A file exists but is wrong: the setup screen shows what, for IT. */
	| { status: 'invalid'; problems: ConfigProblem[] };

export interface ConfigFiles {
	/** The text of a file, or undefined when it does not exist; throws for anything else (permissions). */
	read(path: string): string | undefined;
}

function parseFile(path: string, text: string): { values?: Record<string, unknown>; problem?: ConfigProblem } {
	try {
		const parsed: unknown = JSON.parse(text);
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: { file: path, message: 'is not a JSON object' } };
		return { values: parsed as Record<string, unknown> };
	} catch (error) {
		return { problem: { file: path, message: `is not valid JSON: ${(error as Error).message}` } };
	}
}

/**
 * The terminal's configuration: the system file, then the user file over it,
 * then a developer's --server=URL or CONSULTDESK_SERVER_URL over both. Every
 * problem is named with its file and key, so IT staff can fix it remotely.
 */
export function loadTerminalConfig(options: { files: ConfigFiles; paths: { system: string; user: string }; argv: readonly string[]; env: NodeJS.ProcessEnv }): TerminalConfigStatus {
	const problems: ConfigProblem[] = [];
	const merged: Record<string, unknown> = {};
	const sources: string[] = [];
	for (const path of [options.paths.system, options.paths.user]) {
		let text: string | undefined;
		try {
			text = options.files.read(path);
		} catch (error) {
			problems.push({ file: path, message: `cannot be read: ${(error as Error).message}` });
			continue;
		}
		if (text === undefined) continue;
		const { values, problem } = parseFile(path, text);
		if (problem) problems.push(problem);
		if (values) {
			Object.assign(merged, values);
			sources.push(path);
		}
	}
	const override = options.argv.find((a) => a.startsWith('--server='))?.slice('--server='.length) ?? options.env.CONSULTDESK_SERVER_URL;
	if (override) {
		merged.serverUrl = override;
		merged.terminalName ??= 'development terminal';
		sources.push(options.argv.some((a) => a.startsWith('--server=')) ? '--server' : 'CONSULTDESK_SERVER_URL');
	}
	if (problems.length > 0) return { status: 'invalid', problems };
	if (sources.length === 0) return { status: 'missing' };
	const result = terminalConfigSchema.safeParse(merged);
	if (!result.success) {
		const where = sources.join(' + ');
		return { status: 'invalid', problems: result.error.issues.map((i) => ({ file: where, key: i.path.join('.') || undefined, message: i.message })) };
	}
	const config = result.data;
	if (!config.caCertificateFile) return { status: 'configured', config, sources };
	try {
		const pem = options.files.read(config.caCertificateFile);
		if (pem === undefined) return { status: 'invalid', problems: [{ file: sources.join(' + '), key: 'caCertificateFile', message: `${config.caCertificateFile} does not exist` }] };
		return { status: 'configured', config, caCertificate: new X509Certificate(pem), sources };
	} catch (error) {
		return { status: 'invalid', problems: [{ file: config.caCertificateFile, key: 'caCertificateFile', message: `is not a PEM certificate: ${(error as Error).message}` }] };
	}
}

/** Validates what the setup screen sent and the JSON to write to the user file. */
export function setupFileText(setup: unknown): { text: string } | { problems: ConfigProblem[] } {
	const result = terminalSetupSchema.safeParse(setup);
	if (!result.success) return { problems: result.error.issues.map((i) => ({ file: 'setup', key: i.path.join('.') || undefined, message: i.message })) };
	return { text: `${JSON.stringify(result.data, null, 2)}\n` };
}

/**
 * Trust for a private server: accepts a certificate Chromium refused only if
 * it is for the configured server's host, currently valid, and signed by the
 * configured certificate authority. Everything else keeps Chromium's verdict.
 */
export function trustsPrivateServer(request: { hostname: string; certificate: { data: string } }, serverUrl: string, ca: X509Certificate, now = new Date()): boolean {
	if (request.hostname !== new URL(serverUrl).hostname) return false;
	try {
		const leaf = new X509Certificate(request.certificate.data);
		const valid = new Date(leaf.validFrom) <= now && now <= new Date(leaf.validTo);
		const forHost = leaf.checkHost(request.hostname) !== undefined || leaf.checkIP(request.hostname) !== undefined;
		return valid && forHost && leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
	} catch {
		return false;
	}
}
