import { defineConfig } from 'vitest/config';

// Unit tests cover main, preload and renderer logic; the renderer's own Vite
// root (src/renderer) would hide main and preload from Vitest.
export default defineConfig({ test: { dir: 'src' } });
