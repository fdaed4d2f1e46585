import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { test } from '@playwright/test';
import type { Browser } from 'playwright-core';

export interface SpecServer {
	/** The server of this spec file; started before its first test. */
	readonly server: ConsultationServer;
	/** Browsers the tests launch: closed with the server after the last test. */
	readonly browsers: Browser[];
}

/**
 * A server for one spec file, on a fresh database with the demo clinic, its
 * doctor Sok, the experts Wang (respiratory) and Chen, and patients
 * KC-0001/2: started before the file's tests, closed after them together
 * with the browsers they launched, and its database removed.
 */
export function demoServerForSpec(): SpecServer {
	let server: ConsultationServer | undefined;
	let dataDir: string | undefined;
	const browsers: Browser[] = [];
	test.beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-e2e-'));
		const config = loadConfig({}, { port: 0, logLevel: 'warn', dataDir, demo: true });
		server = await ConsultationServer.start(config, createLogger(config));
	});
	test.afterAll(async () => {
		await Promise.all(browsers.splice(0).map((b) => b.close()));
		await server?.close();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});
	return {
		get server() {
			if (!server) throw new Error('the spec server starts in beforeAll; use it inside a test');
			return server;
		},
		browsers,
	};
}
