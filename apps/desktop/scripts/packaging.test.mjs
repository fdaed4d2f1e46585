// The packaged app, built for real by electron-builder (`--linux dir`) from
// electron-builder.config.mjs, with a stand-in Electron folder because no
// Electron binary can be downloaded on the build machines. Needs the app
// built (`npm test` builds it first).
import { listPackage, extractFile } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, Platform } from 'electron-builder';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../electron-builder.config.mjs';
import { explainPackagingFailure } from './packaging-failure.mjs';
import { ENTRY_POINTS, stageApp } from './stage-app.mjs';

const desktopDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const desktop = JSON.parse(readFileSync(join(desktopDir, 'package.json'), 'utf8'));
const temp = mkdtempSync(join(tmpdir(), 'consultdesk-packaging-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** What electron-builder copies from an Electron release for Linux, as far as it looks at it. */
function standInElectron() {
	const dir = join(temp, 'electron');
	mkdirSync(join(dir, 'resources'), { recursive: true });
	writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "stand-in for Electron"\n');
	chmodSync(join(dir, 'electron'), 0o755);
	writeFileSync(join(dir, 'version'), config.electronVersion);
	writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
	writeFileSync(join(dir, 'resources', 'default_app.asar'), '');
	return dir;
}

describe('packaging', { timeout: 120_000 }, () => {
	it('puts only the built app into app.asar: entry points and package.json, no sources, tests, maps or node_modules', async () => {
		stageApp(desktopDir);
		const output = join(temp, 'packages');
		await build({
			projectDir: desktopDir,
			targets: Platform.LINUX.createTarget('dir'),
			publish: 'never',
			config: { ...config, electronDist: standInElectron(), electronVersion: '41.7.1', directories: { ...config.directories, output } },
		});
		const unpacked = join(output, 'linux-unpacked');
		expect(existsSync(join(unpacked, 'consultdesk')), 'the executable is named consultdesk').toBe(true);
		const asar = join(unpacked, 'resources', 'app.asar');
		const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));

		for (const entry of ['/package.json', ...ENTRY_POINTS.map((f) => `/${f}`)]) expect(files).toContain(entry);
		expect(files.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f)), 'TypeScript sources').toEqual([]);
		expect(files.filter((f) => /\.map$/.test(f)), 'source maps (they carry the sources)').toEqual([]);
		expect(files.filter((f) => /\.(test|spec)\.|\/(tests?|__tests__|e2e)\//.test(f)), 'tests').toEqual([]);
		expect(files.filter((f) => f.startsWith('/node_modules')), 'node_modules (so no dev dependencies either)').toEqual([]);
		for (const dev of Object.keys(desktop.devDependencies)) expect(files.some((f) => f.includes(`/${dev}/`)), dev).toBe(false);
		expect(files.every((f) => f === '/package.json' || f === '/dist' || /^\/dist\/(main|preload|renderer)(\/|$)/.test(f)), files.join('\n')).toBe(true);

		const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8'));
		expect(manifest).toMatchObject({ name: 'consultdesk', productName: 'Consultdesk', version: desktop.version, main: 'dist/main/main.cjs' });
		expect(manifest.dependencies ?? {}).toEqual({});

		// With no node_modules in the package, the bundles may load nothing but Electron and Node's own modules.
		for (const bundle of ['dist/main/main.cjs', 'dist/preload/preload.cjs']) {
			const required = [...extractFile(asar, bundle).toString('utf8').matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map((m) => m[1]);
			expect(required.filter((name) => name !== 'electron' && !builtinModules.includes(name.replace(/^node:/, '')) && !name.startsWith('node:')), bundle).toEqual([]);
		}
	});

	it('npm run package explains in one paragraph, without a stack trace, when Electron cannot be downloaded', () => {
		// A mirror nobody listens on and an empty cache: what a machine without Internet access sees, made certain.
		const cache = join(temp, 'empty-cache');
		mkdirSync(cache, { recursive: true });
		const run = spawnSync(process.execPath, [join(desktopDir, 'scripts/package-app.mjs'), '--linux', 'dir'], {
			cwd: desktopDir,
			encoding: 'utf8',
			env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_CACHE: cache, XDG_CACHE_HOME: cache },
		});
		expect(run.status).toBe(2);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
		expect(run.stderr.trim()).toMatch(/^Cannot package the desktop app on this machine: .* download Electron \(electron-v41\.7\.1-linux-x64\.zip\).*ELECTRON_MIRROR/);
		expect(`${run.stdout}${run.stderr}`).not.toMatch(/\.go:\d+|goroutine|\n\s+at .*:\d+:\d+\)?\n|stackTrace/);
	});

	it('explains download failures it knows, and nothing else', () => {
		const recorded = [
			'  ⨯ Get "https://github.com/electron/electron/releases/download/v41.7.1/electron-v41.7.1-linux-x64.zip": dial tcp: lookup github.com on 10.255.255.53:53: no such host',
			'github.com/develar/app-builder/pkg/download.(*Downloader).follow.func1',
			'  ⨯ /work/node_modules/app-builder-bin/linux/x64/app-builder process failed ERR_ELECTRON_BUILDER_CANNOT_EXECUTE',
		].join('\n');
		expect(explainPackagingFailure(recorded)).toMatch(/download Electron \(electron-v41\.7\.1-linux-x64\.zip\) from https:\/\/github\.com\/.*ELECTRON_MIRROR/);
		const tools = 'Get "https://github.com/electron-userland/electron-builder-binaries/releases/download/appimage-12.0.1/appimage-12.0.1.7z": dial tcp: lookup github.com: no such host';
		expect(explainPackagingFailure(tools)).toMatch(/packaging tools \(appimage-12\.0\.1\.7z\).*ELECTRON_BUILDER_BINARIES_MIRROR/);
		expect(explainPackagingFailure('  ⨯ Application entry file "dist/main/main.cjs" in the "app.asar" does not exist')).toBeUndefined();
	});
});
