import { contentSecurityPolicy } from '@consultdesk/protocol';
import type { TerminalStatus } from '../shared/bridge.js';
import { loadTerminalConfig, setupFileText, trustsPrivateServer, type ConfigFiles, type TerminalConfigStatus } from './terminal-config.js';

export interface TerminalStateDeps {
	files: ConfigFiles & { write(path: string, text: string): void };
	paths: { system: string; user: string };
	argv: readonly string[];
	env: NodeJS.ProcessEnv;
	appVersion: string;
}

/** Chromium's certificate verifier answers: 0 accepts, -3 keeps Chromium's own verdict. */
const ACCEPT = 0;
const CHROMIUM_DECIDES = -3;

/**
 * This terminal's configuration as main holds it: loaded at start, replaced by
 * first-run setup. Everything that depends on the server — the page's
 * Content-Security-Policy, trust in a private CA — asks it, so a setup takes
 * effect at the next page load without a restart.
 */
export class TerminalState {
	readonly #deps: TerminalStateDeps;
	#status: TerminalConfigStatus;

	constructor(deps: TerminalStateDeps) {
		this.#deps = deps;
		this.#status = this.#load();
	}

	/** What the renderer learns: the server and name, or what to set up. */
	bridgeStatus(): TerminalStatus {
		const status = this.#status;
		switch (status.status) {
			case 'configured':
				return { status: 'configured', config: { serverUrl: status.config.serverUrl, terminalName: status.config.terminalName, appVersion: this.#deps.appVersion } };
			case 'missing':
				return { status: 'missing', appVersion: this.#deps.appVersion };
			case 'invalid':
				return { status: 'invalid', appVersion: this.#deps.appVersion, problems: status.problems };
		}
	}

	/** Writes the setup screen's answer to the user's file (validated first) and reloads. */
	saveSetup(setup: unknown): TerminalStatus {
		const file = setupFileText(setup);
		if ('problems' in file) return { status: 'invalid', appVersion: this.#deps.appVersion, problems: file.problems };
		this.#deps.files.write(this.#deps.paths.user, file.text);
		this.#status = this.#load();
		return this.bridgeStatus();
	}

	/** Where this terminal's updates come from (terminal.json updateUrl), if IT set it. */
	updateUrl(): string | undefined {
		return this.#status.status === 'configured' ? this.#status.config.updateUrl : undefined;
	}

	/** The page may connect to the configured server only; before setup, to nothing but itself. */
	contentSecurityPolicy(): string {
		return contentSecurityPolicy(this.#status.status === 'configured' ? this.#status.config.serverUrl : undefined);
	}

	/** For session.setCertificateVerifyProc: accepts the private server's certificate when its CA is configured. */
	verifyCertificate(request: { hostname: string; certificate: { data: string } }): number {
		const status = this.#status;
		if (status.status !== 'configured' || !status.caCertificate) return CHROMIUM_DECIDES;
		return trustsPrivateServer(request, status.config.serverUrl, status.caCertificate) ? ACCEPT : CHROMIUM_DECIDES;
	}

	#load(): TerminalConfigStatus {
		return loadTerminalConfig({ files: this.#deps.files, paths: this.#deps.paths, argv: this.#deps.argv, env: this.#deps.env });
	}
}
