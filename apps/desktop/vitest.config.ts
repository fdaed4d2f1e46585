import { defineConfig } from 'vitest/config';

// Unit tests cover main, preload and renderer logic; the renderer's own Vite
// root (src/renderer) would hide main and preload from Vitest. The packaging
// test (scripts/) builds the app with electron-builder and reads app.asar.
export default defineConfig({ test: { dir: '.', include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.mjs'] } });
