import { createRequire } from 'node:module';

/**
 * The Electron executable, or undefined with the reason. Its download is
 * blocked on the project's build machines, so tests that need it skip; the
 * same behaviour is covered without it by the unit tests of apps/desktop/src/main
 * and by the browser e2e tests of the renderer.
 */
export function findElectronBinary(): { path?: string; reason?: string } {
	if (process.env.ELECTRON_PATH) return { path: process.env.ELECTRON_PATH };
	try {
		const path = createRequire(import.meta.url)('electron') as unknown;
		return typeof path === 'string' ? { path } : { reason: 'the electron package did not return a binary path' };
	} catch (error) {
		return { reason: `Electron binary not installed (${(error as Error).message.split('\n')[0]}); set ELECTRON_PATH to run this test` };
	}
}
