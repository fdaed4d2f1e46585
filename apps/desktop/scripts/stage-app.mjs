// Stages what goes into app.asar: the built main, preload and renderer
// bundles (without source maps, which would carry the sources) and a
// package.json of their own with no dependencies — the bundles contain
// them — so electron-builder copies no node_modules. Used by package-app.mjs
// and the packaging test.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ENTRY_POINTS = ['dist/main/main.cjs', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];

/** Copies desktopDir's built dist/ to desktopDir/out/app and returns that folder. Throws when the app is not built. */
export function stageApp(desktopDir) {
	const missing = ENTRY_POINTS.filter((file) => !existsSync(join(desktopDir, file)));
	if (missing.length > 0) throw new Error(`the desktop app is not built (${missing.join(', ')} missing): run npm run build first`);
	const desktop = JSON.parse(readFileSync(join(desktopDir, 'package.json'), 'utf8'));
	const appDir = join(desktopDir, 'out/app');
	rmSync(appDir, { recursive: true, force: true });
	mkdirSync(appDir, { recursive: true });
	for (const part of ['main', 'preload', 'renderer']) {
		cpSync(join(desktopDir, 'dist', part), join(appDir, 'dist', part), { recursive: true, filter: (source) => !source.endsWith('.map') });
	}
	const manifest = {
		name: 'consultdesk',
		productName: 'Consultdesk',
		version: desktop.version,
		description: desktop.description,
		author: { name: 'Consultdesk', email: 'it@consultdesk.org' },
		license: 'UNLICENSED',
		private: true,
		main: desktop.main,
	};
	writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
	return appDir;
}
