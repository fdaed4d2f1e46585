import type { ConsultationServer } from '@consultdesk/signaling-server';
import { expect, test } from '@playwright/test';
import type { Page } from 'playwright-core';
import { ClinicLink } from '../support/clinic-link.js';
import { linkedConsultation, openLink, startServerFor, type Cleanups, type LinkedConsultation } from '../support/clinic-link-consultation.js';
import { videoState } from '../support/media-probes.js';

/*
 * The clinic's link goes down completely — 10 s, 60 s, 5 minutes — and the
 * clinic moves to a new address (Wi-Fi to mobile). Each time both sides say
 * the link is lost while it lasts, keep their screens, and the expert has the
 * stethoscope and the exam video again within 3 s of the link coming back,
 * in the same seats, with no producer or consumer too many on the server;
 * the readings measured meanwhile all reach the server, once.
 */

// Skipped only where network namespaces cannot be made (the reason is printed).
// Without them (not root, or no ip/tc/nft) the same recovery is still covered by tests/reconnection.spec.ts (a dropped connection and a server restart, on loopback) and by the server's held-seat tests.
test.skip(ClinicLink.unsupportedReason() !== undefined, ClinicLink.unsupportedReason() ?? '');

const cleanups: Cleanups = [];
test.afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error(error));
});

/** Media back within this long of the link returning: the bound for a clinic doctor waiting with a patient. */
const BACK_WITHIN_MS = 3000;
/**
 * An address change counts from the change itself, which includes noticing
 * it: the browser learns of a new address only ~2 s after it (Chromium's
 * network-change delay on Linux), and only then can ICE check a path from it.
 */
const BACK_AFTER_ADDRESS_CHANGE_MS = BACK_WITHIN_MS + 2000;
const WHOLE_ROOM = { peers: 2, producers: 3, consumers: 3, dataProducers: 1, dataConsumers: 1 };

const stethoscopeLevel = async (page: Page) => Number(await page.getByTestId('level-stethoscope').getAttribute('data-dbfs'));
const decodedFrames = async (page: Page) => (await videoState(page, '[data-source="exam-video"]'))?.decodedFrames ?? 0;

/** What the link banner says now; 'none' when there is none (all well, and "restored" has gone). */
const bannerState = async (page: Page) => ((await page.getByTestId('link-banner').count()) === 0 ? 'none' : ((await page.getByTestId('link-banner').getAttribute('data-state')) ?? 'none'));

/** Resolves when exam video frames are being decoded at the expert again. */
async function videoFlowing(expert: Page): Promise<void> {
	await expect
		.poll(async () => {
			const before = await decodedFrames(expert);
			await expert.waitForTimeout(300);
			return (await decodedFrames(expert)) > before;
		}, { timeout: BACK_WITHIN_MS + 2000, intervals: [0] })
		.toBe(true);
}

/** What the clinic's devices measured, summed over devices (the clinic screen shows each device's count). */
async function emitted(clinic: Page): Promise<number> {
	const counts = await clinic.$$eval('[data-testid="measuring-device"]', (items) => items.map((i) => Number(i.getAttribute('data-emitted'))));
	return counts.reduce((a, b) => a + b, 0);
}

/**
 * Takes the link down in some way for `downMs` (0: it is usable again at once,
 * as after an address change), brings it back, and checks what the issue asks:
 * both sides said the link was lost, the stethoscope and video came back
 * quickly in the same seats, and nothing was set up twice.
 */
async function survives(session: LinkedConsultation, server: ConsultationServer, label: string, takeDown: () => Promise<void>, bringBack: () => Promise<void>, downMs: number): Promise<void> {
	const { clinic, expert, consultationId } = session;
	const bannerStates = { clinic: new Set<string>(), expert: new Set<string>() };
	const watchBanners = setInterval(() => {
		for (const [side, page] of [['clinic', clinic], ['expert', expert]] as const) {
			void page.getByTestId('link-banner').getAttribute('data-state', { timeout: 200 }).then((state) => state && bannerStates[side].add(state), () => undefined);
		}
	}, 200);
	try {
		await takeDown();
		const downAt = Date.now();
		// The stethoscope stops at the expert, and both screens stay in the consultation.
		await expect.poll(() => stethoscopeLevel(expert), { timeout: 15_000, intervals: [100] }).toBeLessThan(-40);
		await expect(expert.getByTestId('joined-code')).toBeVisible();
		await expect(clinic.getByTestId('joined-code')).toBeVisible();
		if (downMs > 0) {
			await expect(expert.getByTestId('link-banner')).toHaveAttribute('data-state', 'remote-lost', { timeout: 15_000 });
			await expect(clinic.getByTestId('link-banner')).toHaveAttribute('data-state', 'local-lost', { timeout: 15_000 });
			await expert.waitForTimeout(Math.max(0, downMs - 15_000));
		}
		await bringBack();
		// After an address change the link is usable again the moment it changed.
		const backAt = downMs > 0 ? Date.now() : downAt;
		await expect.poll(() => stethoscopeLevel(expert), { timeout: 20_000, intervals: [100] }).toBeGreaterThan(-15);
		const audioMs = Date.now() - backAt;
		await videoFlowing(expert);
		const videoMs = Date.now() - backAt;
		console.log(`${label}: stethoscope back at the expert ${audioMs} ms after the link returned, exam video after ${videoMs} ms`);
		const bound = downMs > 0 ? BACK_WITHIN_MS : BACK_AFTER_ADDRESS_CHANGE_MS;
		expect(audioMs).toBeLessThanOrEqual(bound);
		expect(videoMs).toBeLessThanOrEqual(bound);
		await expect.poll(() => bannerState(expert), { timeout: 10_000 }).not.toMatch(/lost/);
		await expect.poll(() => bannerState(clinic), { timeout: 10_000 }).not.toMatch(/lost/);
		await expect(expert.getByTestId('peers')).toHaveText(/Dr Sok Chenda \(clinic\)$/);
		await expect.poll(() => server.roomStats(consultationId)[0]).toMatchObject(WHOLE_ROOM);
		expect(server.roomStats()).toHaveLength(1);
	} finally {
		clearInterval(watchBanners);
	}
	// Each side said so while it lasted.
	expect([...bannerStates.expert]).toContain('remote-lost');
	expect([...bannerStates.clinic]).toContain('local-lost');
}

test('a consultation keeps going through cuts of the clinic link of 10 s, 60 s and 5 minutes and a change of its address', async () => {
	test.setTimeout(15 * 60_000);
	const link = await openLink(cleanups);
	const server = await startServerFor(link, cleanups);
	const session = await linkedConsultation(link, server, cleanups);
	await expect.poll(() => stethoscopeLevel(session.expert)).toBeGreaterThan(-15);

	for (const [label, downMs] of [
		['10 s cut', 10_000],
		['60 s cut', 60_000],
		['5 min cut', 300_000],
	] as const) {
		await test.step(label, () => survives(session, server, label, () => link.cut(), () => link.restore(), downMs));
	}
	await test.step('the clinic moves to a new address', () =>
		survives(session, server, 'address change', async () => void (await link.changeAddress()), async () => undefined, 0),
	);

	await test.step('every reading measured during the cuts reached the server once', async () => {
		const total = await emitted(session.clinic);
		expect(total).toBeGreaterThan(300);
		await expect.poll(async () => (await server.records.observations.arrivalOrder(session.consultationId)).length, { timeout: 60_000 }).toBe(total);
		const stored = await server.records.observations.arrivalOrder(session.consultationId);
		expect(new Set(stored.map((o) => o.id)).size).toBe(stored.length);
	});
});
