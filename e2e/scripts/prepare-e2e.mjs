#!/usr/bin/env node
// What the browser tests need on this machine: Debian's Chromium and nftables
// (the clinic link's filters; installed here when missing, as root) and the
// generated test media. No Khmer or CJK system fonts: the app brings its own,
// and the tests prove it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = [
	...(existsSync(chromium) ? [] : ['chromium']),
	...(existsSync('/usr/sbin/nft') || existsSync('/sbin/nft') ? [] : ['nftables']),
];
if (missing.length > 0) {
	if (process.getuid?.() !== 0) {
		console.error(`Missing for the browser tests: ${missing.join(' ')}. As root run:\n  apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`);
		process.exit(1);
	}
	console.log(`[e2e] installing ${missing.join(', ')} from Debian (one time)…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}
const here = dirname(fileURLToPath(import.meta.url));
execFileSync(process.execPath, [join(here, '../../resources/scripts/make-test-media.mjs')], { stdio: 'inherit' });
