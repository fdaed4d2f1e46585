import { join } from 'node:path';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { tempDataDir } from '@consultdesk/signaling-server/testing';
import { expect, test } from '@playwright/test';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { signIn } from '../support/consultation-pages.js';
import { videoState } from '../support/media-probes.js';

test('the clinic checks its terminal: camera, levels, server, and a media path through the SFU with a verdict', async () => {
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1, dataDir: tempDataDir(), demo: true });
	const server = await ConsultationServer.start(config, createLogger(config));
	const browser = await launchChromium({ video: join(TEST_MEDIA_DIR, 'exam-clip.y4m'), audio: join(TEST_MEDIA_DIR, 'tones.wav') });
	try {
		const page = await signIn(browser, server.url, 'sok');
		await page.getByTestId('open-check').click();
		await expect(page.getByTestId('check-screen')).toBeVisible();
		await expect.poll(() => videoState(page, '[data-testid="check-screen"] video')).toMatchObject({ width: expect.any(Number) });
		// The test tones are two sines at -12 dBFS each: a level, and no clipping.
		await expect.poll(async () => Number(await page.getByTestId('check-level-stethoscope').getAttribute('data-dbfs'))).toBeGreaterThan(-20);
		await expect(page.getByTestId('check-level-stethoscope-clipping')).toHaveCount(0);
		await expect(page.getByTestId('check-server')).toHaveAttribute('data-reachable', 'true');

		await page.getByTestId('check-media').click();
		const results = page.getByTestId('check-results');
		await expect(results).toBeVisible({ timeout: 30_000 });
		await expect(results).toHaveAttribute('data-path', 'udp');
		expect(Number(await page.getByTestId('check-upload').getAttribute('data-kbps'))).toBeGreaterThan(200);
		await expect(page.getByTestId('check-verdict')).toHaveAttribute('data-verdict', /^(good|videoReduced)$/);
		console.log(`check on loopback: ${await results.innerText()} → ${await page.getByTestId('check-verdict').innerText()}`);
		// The check held no consultation and leaves no media behind.
		await expect.poll(async () => (await server.mediaDump()).routers).toBe(0);
		await page.getByTestId('check-back').click();
		await expect(page.getByTestId('open-consultations')).toBeVisible();
	} finally {
		await browser.close();
		await server.close();
	}
});
