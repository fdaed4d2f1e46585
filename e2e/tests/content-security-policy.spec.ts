import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { tempDataDir } from '@consultdesk/signaling-server/testing';
import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium.js';
import { signInOn } from '../support/consultation-pages.js';

// The desktop build serves the renderer with a strict Content-Security-Policy
// (apps/desktop/src/main/app-protocol.ts); the server sends the same policy
// with the app, so the renderer is proven to work under it in a real browser.
test('the app runs under its Content-Security-Policy without a single violation', async () => {
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1, dataDir: tempDataDir(), demo: true });
	const server = await ConsultationServer.start(config, createLogger(config));
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		await page.addInitScript(() => {
			const seen: string[] = [];
			(window as any).cspViolations = seen;
			document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
		});
		const response = await page.goto(server.url);
		const policy = response?.headers()['content-security-policy'] ?? '';
		expect(policy).toContain("script-src 'self'");
		expect(policy).toContain("connect-src 'self'");
		await signInOn(page, 'sok');
		await expect(page.getByTestId('open-consultations')).toBeVisible();
		await page.getByTestId('sign-out').click().catch(() => undefined);
		expect(await page.evaluate(() => (window as any).cspViolations)).toEqual([]);
		// And the policy does bite: inline script is refused.
		await page.evaluate(() => {
			const script = document.createElement('script');
			script.textContent = 'window.inlineRan = true';
			document.head.append(script);
		});
		expect(await page.evaluate(() => (window as any).inlineRan)).toBeUndefined();
		const refused: string[] = await page.evaluate(() => (window as any).cspViolations);
		expect(refused.length).toBeGreaterThan(0);
		expect(refused.every((v) => v.startsWith('script-src'))).toBe(true);
	} finally {
		await browser.close();
		await server.close();
	}
});
