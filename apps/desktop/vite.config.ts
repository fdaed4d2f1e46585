import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// The renderer is built once and loaded two ways: from disk by Electron, and
// from the Consultdesk server by a plain browser; hence relative asset paths.
export default defineConfig({
	root: 'src/renderer',
	base: './',
	plugins: [react()],
	define: { __APP_VERSION__: JSON.stringify(version) },
	build: { outDir: '../../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
});
