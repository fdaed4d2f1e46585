#!/usr/bin/env node
// Renders resources/icons/consultdesk.svg (the one source of the app icon) to
// the PNG sizes electron-builder packs: resources/icons/png/<N>x<N>.png, used
// as the Linux icon set (AppImage, deb, desktop entry) and, from 256x256, for
// the Windows .ico electron-builder makes. Debian's Chromium draws them
// (playwright-core, as the e2e tests use it), so no image tool is needed.
// The PNGs are committed; run this again after changing the SVG:
//   node resources/scripts/make-icons.mjs
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const icons = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');
const svg = readFileSync(join(icons, 'consultdesk.svg'), 'utf8');
const outDir = join(icons, 'png');
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true });
try {
	for (const size of SIZES) {
		const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
		const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
		await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
		await page.screenshot({ path: join(outDir, `${size}x${size}.png`), omitBackground: true });
		await page.close();
		console.log(`${size}x${size}.png`);
	}
} finally {
	await browser.close();
}
