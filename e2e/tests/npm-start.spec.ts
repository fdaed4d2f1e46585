import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { findElectronBinary } from '../support/electron-binary.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

// `npm start` is `turbo run build && node scripts/start.mjs`; the build has
// run before the tests, so this runs what follows it, on a free port.
test('npm start serves the app and health, says where, and stops cleanly on Ctrl+C', async () => {
	const start = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
		env: { ...process.env, CONSULTDESK_PORT: '0', CONSULTDESK_WORKERS: '1', CONSULTDESK_LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let output = '';
	start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => start.on('exit', resolve));
	try {
		await expect.poll(() => /Consultdesk server: (\S+)/.exec(output)?.[1]).toBeTruthy();
		const url = /Consultdesk server: (\S+)/.exec(output)![1]!;
		const health = await fetch(`${url}/health`);
		expect(await health.json()).toMatchObject({ status: 'ok', workers: { alive: 1 } });
		const page = await (await fetch(url)).text();
		expect(page).toContain('<title>Consultdesk</title>');
		if (!findElectronBinary().path) await expect.poll(() => output).toContain(`The same app runs in Chromium or Chrome at:\n\n    ${url}`);
	} finally {
		start.kill('SIGINT');
	}
	expect(await exited).toBe(0);
});
