import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTP_ROUTES, sessionTokensSchema } from '@consultdesk/protocol';
import { ConsultationServer, createLogger, DEMO_PASSWORD, loadConfig } from '@consultdesk/signaling-server';
import { jpegWithGps } from '@consultdesk/signaling-server/testing';
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { consultationCard, joinFromCard, requestConsultation, signIn, signInOn, startSending } from '../support/consultation-pages.js';
import { ThrottledLink } from '../support/throttled-link.js';

/*
 * Exam captures between two Chromium processes through the real server: the
 * clinic's document camera (a y4m page of 5×7-pixel print at 1920×1080)
 * reaches the expert as its own track at full resolution; a still of it
 * reaches the expert with the camera's width and height and the same bytes
 * although the clinic's link was cut during the upload and the app reloaded;
 * a non-participant is refused; a phone photo's GPS EXIF never arrives.
 */

const spec = JSON.parse(readFileSync(join(TEST_MEDIA_DIR, '../test-media-spec.json'), 'utf8')) as { document: { width: number; height: number } };
const DOCUMENT = spec.document;

let server: ConsultationServer;
/** The clinic reaches the server only through this link, which the test slows down and cuts. */
let link: ThrottledLink;
let dataDir: string;
const browsers: Browser[] = [];
let clinic: Page;
let expert: Page;
let consultationId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-e2e-captures-'));
	const config = loadConfig({}, { port: 0, logLevel: 'warn', dataDir, demo: true });
	server = await ConsultationServer.start(config, createLogger(config));
	const clinicBrowser = await launchChromium({ video: join(TEST_MEDIA_DIR, 'document-page.y4m'), audio: join(TEST_MEDIA_DIR, 'tones.wav') });
	const expertBrowser = await launchChromium({ audio: join(TEST_MEDIA_DIR, 'heart-sound.wav') });
	browsers.push(clinicBrowser, expertBrowser);
	link = await ThrottledLink.open(server.url);
	clinic = await signIn(clinicBrowser, link.url, 'sok');
	expert = await signIn(expertBrowser, server.url, 'wang');
	({ consultationId } = await requestConsultation(clinic, { patientReference: 'KC-0002', reason: 'Rash on the forearm for two weeks; lab results to review.', specialty: 'respiratory', urgency: 'routine' }));
	await consultationCard(expert, 'queue', consultationId).getByTestId('accept').click();
	await joinFromCard(clinic, 'open-consultations', consultationId);
	await startSending(clinic);
	await joinFromCard(expert, 'mine', consultationId);
});

test.afterAll(async () => {
	for (const browser of browsers) await browser.close();
	await link?.close();
	await server?.close();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function token(username: string): Promise<string> {
	const answer = await fetch(`${server.url}${HTTP_ROUTES.signIn}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: DEMO_PASSWORD }),
	});
	return sessionTokensSchema.parse(await answer.json()).accessToken;
}

/** What the expert's page shows of one still: its state, the hash of the bytes it fetched, and the decoded image's size. */
async function shownAtExpert(id: string) {
	const item = expert.locator(`[data-testid="gallery-still"][data-id="${id}"]`);
	return {
		state: await item.getAttribute('data-state'),
		sha256: await item.getAttribute('data-sha256'),
		size: await item.locator('img').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]).catch(() => undefined),
	};
}

test('the document camera reaches the expert as its own track at full resolution', async () => {
	await clinic.getByTestId('document-toggle').click();
	const documentVideo = expert.locator('video[data-source="document"]');
	await expect
		.poll(() => documentVideo.evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight]), { timeout: 30_000 })
		.toEqual([DOCUMENT.width, DOCUMENT.height]);
	const tracks = await expert.evaluate(() =>
		[...document.querySelectorAll('video')].map((v) => ({ source: v.dataset.source, track: (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id })),
	);
	const exam = tracks.find((t) => t.source === 'exam-video')?.track;
	const doc = tracks.find((t) => t.source === 'document')?.track;
	expect(exam).toBeTruthy();
	expect(doc).toBeTruthy();
	expect(doc).not.toBe(exam);
	// The clinic marked it as detail: the encoder keeps edges and text.
	expect(await clinic.locator('video[data-source="document"]').evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream).getVideoTracks()[0]!.contentHint)).toBe('detail');
});

test('a still reaches the expert at the camera\'s full size with the same bytes, after the link was cut during the upload and the app reloaded', async () => {
	test.setTimeout(180_000);
	// A slow clinic uplink (20 kB/s), so the cut lands in the middle of the upload.
	link.uploadBytesPerSecond = 20_000;
	await clinic.getByTestId('photo-source').selectOption('document');
	await clinic.getByTestId('still-caption').fill('Haematology report');
	await clinic.getByTestId('take-photo').click();
	const outgoing = clinic.getByTestId('outgoing-still').first();
	await outgoing.waitFor();
	const id = (await outgoing.getAttribute('data-id'))!;
	const sha256 = (await outgoing.getAttribute('data-sha256'))!;
	const bytes = Number(await outgoing.getAttribute('data-bytes'));
	expect([Number(await outgoing.getAttribute('data-width')), Number(await outgoing.getAttribute('data-height'))]).toEqual([DOCUMENT.width, DOCUMENT.height]);

	await test.step('the expert sees it on its way', async () => {
		await expect(expert.locator(`[data-testid="gallery-still"][data-id="${id}"]`)).toHaveAttribute('data-state', 'pending');
	});

	const received = await test.step('the link is cut part-way through the upload, and the app is reloaded while it is down', async () => {
		// What the server's upload file holds: the bytes that made it across.
		const onServer = () => {
			try {
				return statSync(join(dataDir, 'attachments', '.uploads', id)).size;
			} catch {
				return 0;
			}
		};
		await expect.poll(onServer, { timeout: 30_000 }).toBeGreaterThan(bytes / 4);
		link.cut();
		await clinic.reload().catch(() => undefined);
		await clinic.waitForTimeout(500);
		const held = onServer();
		expect(held).toBeLessThan(bytes);
		expect(await server.records.attachments.get(id)).toMatchObject({ state: 'pending' });
		console.log(`still of ${bytes} bytes: link cut with ${held} bytes on the server`);
		return held;
	});
	const patchOffsets: number[] = [];
	clinic.on('request', (request) => {
		if (request.method() === 'PATCH' && request.url().includes(HTTP_ROUTES.attachmentUploads)) patchOffsets.push(Number(request.headers()['upload-offset']));
	});
	link.restore();
	await clinic.goto(link.url);
	await signInOn(clinic, 'sok');

	await test.step('the still arrives at the expert with the camera\'s width and height and the bytes the clinic hashed', async () => {
		await expect.poll(async () => (await shownAtExpert(id)).state, { timeout: 90_000 }).toBe('shown');
		const shown = await shownAtExpert(id);
		expect(shown.sha256).toBe(sha256);
		expect(shown.size).toEqual([DOCUMENT.width, DOCUMENT.height]);
		// Resumed from the server's offset, not sent again from zero.
		expect(patchOffsets.length).toBeGreaterThan(0);
		expect(patchOffsets[0]).toBe(received);
		console.log(`still ${DOCUMENT.width}×${DOCUMENT.height}: resumed at byte ${patchOffsets[0]} after the cut and the reload`);
	});
});

test('a non-participant is refused the consultation\'s stills', async () => {
	const id = await expert.locator('[data-testid="gallery-still"][data-state="shown"]').first().getAttribute('data-id');
	const stranger = await token('chen');
	for (const path of [HTTP_ROUTES.attachment(id!), HTTP_ROUTES.attachmentContent(id!)]) {
		const answer = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${stranger}` } });
		expect(answer.status).toBe(404);
		expect(await answer.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
	}
	const participant = await fetch(`${server.url}${HTTP_ROUTES.attachmentContent(id!)}`, { headers: { authorization: `Bearer ${await token('wang')}` } });
	expect(participant.status).toBe(200);
});

test('a photo with a GPS position in its EXIF arrives at the expert without it', async () => {
	const withGps = jpegWithGps();
	// Back in the consultation after the reload, on a fast link this time.
	link.uploadBytesPerSecond = Number.POSITIVE_INFINITY;
	await joinFromCard(clinic, 'open-consultations', consultationId);
	await clinic.getByTestId('still-body-site').fill('left forearm');
	await clinic.getByTestId('still-file').setInputFiles({ name: 'phone-photo.jpg', mimeType: 'image/jpeg', buffer: withGps });
	const shown = expert.locator('[data-testid="gallery-still"][data-state="shown"]');
	const before = await shown.count();
	await expect.poll(() => shown.count(), { timeout: 30_000 }).toBe(before + 1);
	const fresh = expert.locator('[data-testid="gallery-still"][data-state="shown"]').last();
	// The expert's page cannot be read back (blob: is not in its connect-src); it shows the bytes whose hash it tells, and these are them.
	const id = await fresh.getAttribute('data-id');
	const download = await fetch(`${server.url}${HTTP_ROUTES.attachmentContent(id!)}`, { headers: { authorization: `Bearer ${await token('wang')}` } });
	const received = Buffer.from(await download.arrayBuffer());
	expect(createHash('sha256').update(received).digest('hex')).toBe(await fresh.getAttribute('data-sha256'));
	expect(withGps.includes(Buffer.from('Exif', 'latin1'))).toBe(true);
	expect(received.includes(Buffer.from('Exif', 'latin1'))).toBe(false);
	// 'N' and 'E' with their degree rationals (11/1, 104/1) are gone with the block.
	expect(received.length).toBeLessThan(withGps.length);
	expect(await fresh.locator('img').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([16, 8]);
});

test('the clinic switches the document camera off, and the expert\'s view of it goes', async () => {
	// Since the reload the clinic has only previewed; the document camera goes out with everything else once it sends.
	await clinic.getByTestId('document-toggle').click();
	await expect(clinic.locator('video[data-source="document"]')).toHaveCount(1);
	await startSending(clinic);
	await expect(expert.locator('video[data-source="document"]')).toHaveCount(1, { timeout: 30_000 });
	await expect(clinic.getByTestId('document-toggle')).toHaveAttribute('aria-pressed', 'true');
	await clinic.getByTestId('document-toggle').click();
	await expect(expert.locator('video[data-source="document"]')).toHaveCount(0, { timeout: 30_000 });
	await expect(expert.locator('video[data-source="exam-video"]')).toHaveCount(1);
});
