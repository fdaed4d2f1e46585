import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from 'playwright-core';
import { demoServerForSpec } from '../support/demo-server.js';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { consultationCard, joinFromCard, requestConsultation, signIn, signInOn, startSending } from '../support/consultation-pages.js';
import { fakeBluetoothScript } from '../support/fake-bluetooth.js';

/*
 * A Bluetooth pulse oximeter at the clinic, its radio replaced by the app's
 * Web Bluetooth fake (injected before the app loads) sending the bytes of the
 * PLX Continuous Measurement characteristic: the doctor connects it from the
 * clinic screen, its readings reach the expert's screen through the real
 * server and SFU with their values and units, a dropped link comes back by
 * itself, a malformed value is shown at the clinic as unreadable and never
 * reaches the expert as a number, and after a reload the remembered device
 * connects again without the chooser.
 */

const demo = demoServerForSpec();


const fake = (clinic: Page) => ({
	send: (n: number) => clinic.evaluate((i) => (window as any).__fakeBluetooth.send(i) as boolean, n),
	sendBytes: (bytes: number[]) => clinic.evaluate((b) => (window as any).__fakeBluetooth.sendBytes(b) as boolean, bytes),
	dropLink: () => clinic.evaluate(() => (window as any).__fakeBluetooth.dropLink()),
	backInRange: () => clinic.evaluate(() => (window as any).__fakeBluetooth.backInRange()),
	requests: () => clinic.evaluate(() => (window as any).__fakeBluetooth.requests as number),
});

test('a Bluetooth oximeter connected at the clinic reaches the expert through the SFU, reconnects, and never turns a bad value into a number', async () => {
	test.setTimeout(180_000);
	const clinicBrowser = await launchChromium({ video: join(TEST_MEDIA_DIR, 'exam-clip.y4m'), audio: join(TEST_MEDIA_DIR, 'tones.wav') });
	const expertBrowser = await launchChromium({ audio: join(TEST_MEDIA_DIR, 'heart-sound.wav') });
	demo.browsers.push(clinicBrowser, expertBrowser);
	const context = await clinicBrowser.newContext();
	await context.addInitScript({ content: fakeBluetoothScript() });
	const clinic = await context.newPage();
	clinic.on('pageerror', (error) => console.error(`[clinic page] ${error.message}`));
	await clinic.goto(demo.server.url);
	await signInOn(clinic, 'sok');
	const expert = await signIn(expertBrowser, demo.server.url, 'wang');

	const { consultationId } = await requestConsultation(clinic, { patientReference: 'KC-0001', reason: 'Oximetry over Bluetooth.', specialty: 'respiratory', urgency: 'routine' });
	await consultationCard(expert, 'queue', consultationId).getByTestId('accept').click();
	await joinFromCard(clinic, 'open-consultations', consultationId);
	await startSending(clinic);
	await joinFromCard(expert, 'mine', consultationId);
	// The real oximeter replaces the simulated one.
	await clinic.getByTestId('simulate-pulse-oximeter').uncheck();

	const row = clinic.getByTestId('bluetooth-device');
	const panel = expert.locator('[data-testid="device-vitals"][data-device-kind="pulse-oximeter"][data-device-id^="ble-"]');
	const latest = panel.getByTestId('vitals-latest');

	await test.step('the doctor connects the oximeter from the clinic screen', async () => {
		await expect(clinic.getByTestId('bluetooth-devices')).toHaveAttribute('data-availability', 'available');
		await clinic.getByTestId('bluetooth-kind').selectOption('pulse-oximeter');
		await clinic.getByTestId('bluetooth-connect').click();
		await expect(row).toHaveAttribute('data-state', 'connected');
		await expect(row).toContainText('Fake BLE oximeter');
	});

	await test.step('its readings reach the expert with values and units', async () => {
		// Values 0 and 1 of the simulated oximeter: SpO2 98 %, pulse 72 then 73 /min.
		expect(await fake(clinic).send(0)).toBe(true);
		expect(await fake(clinic).send(1)).toBe(true);
		await expect(latest).toHaveAttribute('data-seq', '1');
		await expect(latest.locator('[data-code="spo2"] .vital-value')).toHaveText('98');
		await expect(latest.locator('[data-code="spo2"] .vital-unit')).toHaveText('%');
		await expect(latest.locator('[data-code="pulse-rate"] .vital-unit')).toHaveText('/min');
		await expect(row).toHaveAttribute('data-received', '2');
	});

	await test.step('a dropped link shows "reconnecting" and comes back by itself; the readings carry on', async () => {
		await fake(clinic).dropLink();
		await expect(row).toHaveAttribute('data-state', 'reconnecting');
		await expect(row.getByTestId('bluetooth-state')).toContainText('Reconnecting');
		await fake(clinic).backInRange();
		await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
		expect(await fake(clinic).send(2)).toBe(true);
		await expect(latest).toHaveAttribute('data-seq', '2');
		await expect(panel).toHaveAttribute('data-missed', '0');
	});

	await test.step('a malformed value is unreadable at the clinic and nothing at the expert', async () => {
		// Flags and SpO2, then the value ends: no pulse rate.
		expect(await fake(clinic).sendBytes([0x00, 0x62, 0x00])).toBe(true);
		await expect(row).toHaveAttribute('data-unreadable', 'TRUNCATED');
		await expect(row.getByTestId('bluetooth-unreadable')).toBeVisible();
		expect(await fake(clinic).send(3)).toBe(true);
		await expect(latest).toHaveAttribute('data-seq', '3');
		await expect(row).toHaveAttribute('data-unreadable', '');
		await expect(panel.locator('[data-testid="vitals-recent"] tbody tr')).toHaveCount(4);
	});

	await test.step('after a reload the remembered oximeter connects again without the chooser', async () => {
		const chooserBefore = await fake(clinic).requests();
		expect(chooserBefore).toBe(1);
		await clinic.reload();
		await signInOn(clinic, 'sok');
		await expect(clinic.getByTestId('bluetooth-device')).toHaveAttribute('data-state', 'connected');
		expect(await fake(clinic).requests()).toBe(0);
	});

	// Every reading that reached the expert live is also stored by the demo.server, from the outbox.
	await expect.poll(async () => (await demo.server.records.observations.arrivalOrder(consultationId)).filter((o) => o.deviceId.startsWith('ble-')).length).toBe(4);
});
