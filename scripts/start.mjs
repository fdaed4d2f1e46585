#!/usr/bin/env node
// `npm start`, after the build: runs the Consultdesk server (signalling + SFU,
// serving the app) on a demo database, then the Electron app if its binary is
// present. Without it the same app runs in any Chromium-based browser at the
// printed URL.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children = new Set();

function run(command, args, options) {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
	children.add(child);
	child.on('exit', () => children.delete(child));
	return child;
}

function stopAll(code) {
	for (const child of children) child.kill('SIGTERM');
	setTimeout(() => process.exit(code), 2000).unref();
	if (children.size === 0) process.exit(code);
	else Promise.all([...children].map((c) => new Promise((r) => c.on('exit', r)))).then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function electronBinary() {
	if (process.env.ELECTRON_PATH) return process.env.ELECTRON_PATH;
	try {
		return createRequire(join(root, 'apps/desktop/package.json'))('electron');
	} catch {
		return undefined;
	}
}

// The demo database lives in the clone, apart from any real one, and is seeded
// with the demo accounts only when this start creates it.
const demoEnv = {
	CONSULTDESK_DEMO: 'true',
	CONSULTDESK_DATA_DIR: join(root, '.consultdesk-demo'),
	// The server's stdout is a pipe to this script; the person reads this terminal.
	CONSULTDESK_LOG_FORMAT: process.stdout.isTTY ? 'pretty' : 'json',
};
const server = run(process.execPath, [join(root, 'signaling-server/dist/cli.js')], { env: { ...demoEnv, ...process.env } });
server.on('exit', (code) => {
	console.error(`Consultdesk server stopped (exit code ${code}).`);
	stopAll(code ?? 1);
});

// The server prints its URL once it listens.
let buffered = '';
server.stdout.on('data', (chunk) => {
	process.stdout.write(chunk);
	if (buffered === null) return;
	buffered += chunk;
	const match = /Consultdesk server: (\S+)/.exec(buffered);
	if (!match) return;
	buffered = null;
	openApp(match[1]);
});

function openApp(url) {
	const electron = electronBinary();
	if (!electron) {
		console.log(`
The Electron binary is not installed on this machine (see DEVELOPERS.md), so no
desktop window opens. The same app runs in Chromium or Chrome at:

    ${url}

Open it twice (two windows or two machines) and sign in with the demo accounts
(password for all: consultdesk-demo):

    sok     Dr Sok Chenda, clinic doctor, Kampong Cham Community Health Centre
    wang    Dr Wang Li, expert, respiratory
    chen    Dr Chen Hui, expert, cardiology
    admin   Zhou Min, admin

The clinic doctor requests a consultation; the expert accepts it; both join.
Ctrl+C stops the server.
`);
		return;
	}
	const app = run(electron, [join(root, 'apps/desktop/dist/main/main.cjs'), `--server=${url}`], { stdio: 'inherit' });
	app.on('exit', () => stopAll(0));
}
