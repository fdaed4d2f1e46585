import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { tempDataDir } from '@consultdesk/signaling-server/testing';
import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium.js';
import { signInOn } from '../support/consultation-pages.js';

test('a doctor switches the app to Chinese or Khmer, and the choice stays on the terminal', async () => {
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1, dataDir: tempDataDir(), demo: true });
	const server = await ConsultationServer.start(config, createLogger(config));
	const browser = await launchChromium({}, ['--lang=en-US']);
	try {
		const page = await browser.newPage();
		await page.goto(server.url);
		await expect(page.locator('#sign-in-title')).toHaveText('Sign in');
		await page.getByTestId('language').selectOption('zh');
		await expect(page.locator('#sign-in-title')).toHaveText('登录');
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
		await signInOn(page, 'sok');
		await expect(page.getByTestId('account-role')).toHaveText('诊所医生');
		await expect(page.locator('#request-title, h2').first()).toBeVisible();

		await page.getByTestId('language').selectOption('km');
		await expect(page.getByTestId('account-role')).toHaveText('គ្រូពេទ្យមណ្ឌលសុខភាព');
		await expect(page.getByTestId('sign-out')).toHaveText('ចាកចេញ');
		// Dates follow the language too (Intl): the history is empty, the open-consultations hint is Khmer.
		await expect(page.getByText('គ្មានការពិគ្រោះដែលកំពុងបើកទេ។ សូមស្នើតាមទម្រង់បែបបទ។')).toBeVisible();

		// Drawn in the app's own Khmer font, not whatever the terminal has (this machine has none).
		await expect.poll(() => page.evaluate(async () => (await document.fonts.load('16px "Noto Sans Khmer"', 'ក')).length)).toBeGreaterThan(0);
		expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans Khmer"', 'ក'))).toBe(true);
		await page.reload();
		await expect(page.locator('#sign-in-title')).toHaveText('ចូលប្រព័ន្ធ');
		await expect(page.locator('html')).toHaveAttribute('lang', 'km');
	} finally {
		await browser.close();
		await server.close();
	}
});
