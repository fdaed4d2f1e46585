import type { Specialty, Urgency } from '@consultdesk/protocol';
import { DEMO_PASSWORD } from '@consultdesk/signaling-server';
import type { Browser, Page } from 'playwright-core';

/** Opens the app from `url` and signs in through the sign-in screen, as a doctor would. */
export async function signIn(browser: Browser, url: string, username: string): Promise<Page> {
	const page = await browser.newPage();
	page.on('pageerror', (error) => console.error(`[${username} page] ${error.message}`));
	await page.goto(url);
	await signInOn(page, username);
	return page;
}

/** Signs in on a page that shows the sign-in screen. */
export async function signInOn(page: Page, username: string): Promise<void> {
	await page.getByTestId('username').fill(username);
	await page.getByTestId('password').fill(DEMO_PASSWORD);
	await page.getByTestId('sign-in').click();
	await page.getByTestId('account-bar').waitFor();
}

export interface RequestedConsultation {
	consultationId: string;
	code: string;
}

/** On the clinic doctor's home: picks a patient by reference and requests a consultation. */
export async function requestConsultation(
	clinic: Page,
	request: { patientReference: string; reason: string; specialty: Specialty; urgency: Urgency },
): Promise<RequestedConsultation> {
	const picker = clinic.getByTestId('request-patient');
	const option = picker.locator(`option[data-reference="${request.patientReference}"]`);
	await option.waitFor({ state: 'attached' });
	await picker.selectOption((await option.getAttribute('value'))!);
	await clinic.getByTestId('request-reason').fill(request.reason);
	await clinic.getByTestId('request-specialty').selectOption(request.specialty);
	await clinic.getByTestId('request-urgency').locator(`input[value="${request.urgency}"]`).check();
	await clinic.getByTestId('request-submit').click();
	const sent = clinic.getByTestId('request-sent');
	await sent.waitFor();
	const code = /Consultation (\S+) requested/.exec((await sent.textContent()) ?? '')?.[1];
	if (!code) throw new Error('the clinic home did not say which consultation it requested');
	const card = clinic.getByTestId('open-consultations').locator(`[data-testid="consultation-card"][data-code="${code}"]`);
	await card.waitFor();
	return { consultationId: (await card.getAttribute('data-consultation'))!, code };
}

/** A consultation's card in one section of a home (the clinic's open list, the expert's queue or own list). */
export function consultationCard(page: Page, section: string, consultationId: string) {
	return page.getByTestId(section).locator(`[data-testid="consultation-card"][data-consultation="${consultationId}"]`);
}

/** Joins from a card's Join button and waits for the consultation screen. */
export async function joinFromCard(page: Page, section: string, consultationId: string): Promise<void> {
	await consultationCard(page, section, consultationId).getByTestId('join').click();
	await page.getByTestId('joined-code').waitFor();
}

/** On the clinic terminal: waits for the camera preview, then starts sending everything. */
export async function startSending(clinic: Page): Promise<void> {
	const start = clinic.getByTestId('start-sending');
	await start.waitFor();
	await clinic.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="start-sending"]')?.disabled);
	await start.click();
	await clinic.locator('[data-testid="sending-state"][data-state="sending"]').waitFor();
}

/** Sequence numbers of one device kind's vitals rows the page shows, newest first. */
export async function shownVitalsSeqs(page: Page, deviceKind = 'pulse-oximeter'): Promise<number[]> {
	return page.$$eval(`[data-device-kind="${deviceKind}"] [data-testid="vitals-recent"] tbody tr`, (rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
}

/** The panel of one device kind on a vitals panel. */
export function deviceVitals(page: Page, deviceKind: string) {
	return page.locator(`[data-testid="device-vitals"][data-device-kind="${deviceKind}"]`);
}
