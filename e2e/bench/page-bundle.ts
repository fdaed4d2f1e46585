import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles a script under bench/page/ (it may import the app's own modules) into one script a Chromium page can run. */
export async function bundlePageScript(file: string): Promise<string> {
	const result = await build({ entryPoints: [join(here, 'page', file)], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'warning' });
	return result.outputFiles[0]!.text;
}
