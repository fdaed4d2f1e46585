import { defineConfig } from '@playwright/test';

// Each test launches its own Chromium processes with the fake media it needs
// (see support/chromium.ts), so no browser projects are configured here.
export default defineConfig({
	testDir: 'tests',
	timeout: 120_000,
	expect: { timeout: 20_000 },
	workers: 1,
	reporter: [['list']],
	outputDir: 'test-results',
});
