#!/usr/bin/env node
// What the browser tests need on this machine: Debian's Chromium (installed
// here when missing, as root) and the generated test media.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
	if (process.getuid?.() !== 0) {
		console.error(`Chromium is missing at ${chromium}. As root run:\n  apt-get update && apt-get install -y chromium\nor set CHROMIUM_PATH.`);
		process.exit(1);
	}
	console.log('[e2e] installing Debian chromium (one time)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
}
const here = dirname(fileURLToPath(import.meta.url));
execFileSync(process.execPath, [join(here, '../../resources/scripts/make-test-media.mjs')], { stdio: 'inherit' });
