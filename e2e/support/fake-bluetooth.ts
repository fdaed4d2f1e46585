import { buildSync } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The page script that installs the app's Web Bluetooth fake (a radio cannot
 * exist on a build machine): the same fake the unit tests use, bundled for
 * the browser. For context.addInitScript({ content }).
 */
export function fakeBluetoothScript(): string {
	const built = buildSync({ entryPoints: [join(here, 'fake-bluetooth-page.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false });
	return built.outputFiles[0]!.text;
}
