#!/usr/bin/env node
// `npm start`, after the build: runs the Consultdesk server (signalling + SFU,
// serving the app), then the Electron app if its binary is present. Without it
// the same app runs in any Chromium-based browser at the printed URL.
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

const server = run(process.execPath, [join(root, 'signaling-server/dist/cli.js')]);
server.on('exit', (code) => {
	console.error(`Consultdesk server stopped (exit code ${code}).`);
	stopAll(code ?? 1);
});

// The server prints its URL once it listens; everything else it logs is JSON for operators.
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

Open it twice (two windows or two machines): one as "Clinic terminal", one as
"Expert console", with the same consultation code. Ctrl+C stops the server.
`);
		return;
	}
	const app = run(electron, [join(root, 'apps/desktop/dist/main/main.cjs'), `--server=${url}`], { stdio: 'inherit' });
	app.on('exit', () => stopAll(0));
}
