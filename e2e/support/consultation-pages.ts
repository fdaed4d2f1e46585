import type { Role } from '@consultdesk/protocol';
import type { Browser, Page } from 'playwright-core';

/** Opens the app from the server and joins a consultation through the start screen, as a user would. */
export async function joinConsultation(browser: Browser, serverUrl: string, role: Role, code: string): Promise<Page> {
	const page = await browser.newPage();
	page.on('pageerror', (error) => console.error(`[${role} page] ${error.message}`));
	await page.goto(serverUrl);
	await page.getByLabel(role === 'clinic' ? /Clinic terminal/ : /Expert console/).check();
	await page.getByTestId('consultation-code').fill(code);
	await page.getByTestId('display-name').fill(role === 'clinic' ? 'Dr Sok (Kampong Cham)' : 'Dr Wang (Wuxi)');
	await page.getByTestId('join').click();
	await page.getByTestId('joined-code').waitFor();
	return page;
}

/** On the clinic terminal: waits for the camera preview, then starts sending everything. */
export async function startSending(clinic: Page): Promise<void> {
	const start = clinic.getByTestId('start-sending');
	await start.waitFor();
	await clinic.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="start-sending"]')?.disabled);
	await start.click();
	await clinic.locator('[data-testid="sending-state"][data-state="sending"]').waitFor();
}

/** Sequence numbers of the vitals rows the page shows, newest first. */
export async function shownVitalsSeqs(page: Page): Promise<number[]> {
	return page.$$eval('[data-testid="vitals-recent"] tbody tr', (rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
}
