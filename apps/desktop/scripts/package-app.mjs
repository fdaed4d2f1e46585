#!/usr/bin/env node
// `npm run package`: builds the installers with electron-builder from
// electron-builder.config.mjs — on Linux an AppImage and a deb, on Windows the
// per-machine NSIS installer; other targets as electron-builder's own flags
// (`npm run package -- --win`). Stages the built app first (stage-app.mjs).
// Where electron-builder cannot download what it needs, says so in one
// paragraph (packaging-failure.mjs) and exits 2 instead of a stack trace.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainPackagingFailure } from './packaging-failure.mjs';
import { stageApp } from './stage-app.mjs';

const desktopDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

try {
	stageApp(desktopDir);
} catch (error) {
	console.error(`Cannot package the desktop app: ${error.message}.`);
	process.exit(1);
}

const flags = process.argv.slice(2);
const cli = require.resolve('electron-builder/cli.js');
const args = [cli, '--config', 'electron-builder.config.mjs', '--publish', 'never', ...(flags.length > 0 ? flags : [process.platform === 'win32' ? '--win' : '--linux'])];
// Its progress lines ("  • packaging …") go to the terminal as they come; everything else is
// kept, to be explained or shown whole when the build fails.
const child = spawn(process.execPath, args, { cwd: desktopDir, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
let partial = '';
child.stdout.on('data', (chunk) => {
	output += chunk;
	const lines = (partial + chunk).split('\n');
	partial = lines.pop() ?? '';
	for (const line of lines) if (/^\s+•/.test(line)) console.log(line);
});
child.stderr.on('data', (chunk) => (output += chunk));
child.on('close', (code) => {
	if (code === 0) {
		process.stdout.write(output.split('\n').filter((line) => !/^\s+•/.test(line)).join('\n'));
		console.log('Installers are in apps/desktop/out/packages.');
		return;
	}
	const explanation = explainPackagingFailure(output);
	if (explanation) {
		console.error(`\n${explanation}`);
		process.exit(2);
	}
	process.stderr.write(output);
	process.exit(code ?? 1);
});
