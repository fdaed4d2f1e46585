import { join } from 'node:path';
import { captureConstraints } from '@consultdesk/media-settings/capture';
import {
	HTTP_ROUTES,
	PROTOCOL_HEADER,
	PROTOCOL_VERSION,
	sendRequest,
	sessionTokensSchema,
	type ClientToServerEvents,
	type ServerToClientEvents,
} from '@consultdesk/protocol';
import { DEMO_PASSWORD } from '@consultdesk/signaling-server';
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import spec from '../../resources/test-media-spec.json' with { type: 'json' };
import { demoServerForSpec } from '../support/demo-server.js';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { consultationCard, deviceVitals, joinFromCard, requestConsultation, shownVitalsSeqs, signIn, startSending } from '../support/consultation-pages.js';
import { sampleVideo, toneLevelsOfCapture, toneLevelsOfElement, videoState } from '../support/media-probes.js';

const demo = demoServerForSpec();


test('a clinic doctor requests a consultation, an expert accepts, and the clinic sends exam video, voice, stethoscope and vitals through the SFU', async () => {
	const clinicBrowser = await launchChromium({
		video: join(TEST_MEDIA_DIR, 'exam-clip.y4m'),
		audio: join(TEST_MEDIA_DIR, 'tones.wav'),
	});
	const expertBrowser = await launchChromium({ audio: join(TEST_MEDIA_DIR, 'heart-sound.wav') });
	demo.browsers.push(clinicBrowser, expertBrowser);

	const clinic = await signIn(clinicBrowser, demo.server.url, 'sok');
	const expert = await signIn(expertBrowser, demo.server.url, 'wang');
	await expect(clinic.getByTestId('account-role')).toHaveText('Clinic doctor');
	await expect(clinic.getByTestId('account-clinic')).toHaveText('Kampong Cham Community Health Centre');

	const { consultationId, code } = await test.step('the clinic doctor requests a respiratory consultation for KC-0001', async () => {
		const requested = await requestConsultation(clinic, {
			patientReference: 'KC-0001',
			reason: 'Productive cough for three weeks, night sweats; SpO2 93 % at rest.',
			specialty: 'respiratory',
			urgency: 'urgent',
		});
		await expect(consultationCard(clinic, 'open-consultations', requested.consultationId).getByTestId('progress')).toContainText('Waiting for an expert');
		return requested;
	});

	await test.step('the expert sees it in the queue at once and accepts it', async () => {
		const queued = consultationCard(expert, 'queue', consultationId);
		await expect(queued).toContainText('KC-0001');
		await expect(queued.getByTestId('urgency')).toHaveText('Urgent');
		await queued.getByTestId('accept').click();
		await expect(consultationCard(expert, 'mine', consultationId)).toBeVisible();
		await expect(consultationCard(clinic, 'open-consultations', consultationId).getByTestId('progress')).toHaveText('Accepted by Dr Wang Li');
	});

	await joinFromCard(clinic, 'open-consultations', consultationId);
	await expect(clinic.getByTestId('joined-code')).toHaveText(`Consultation ${code}`);
	await expect(clinic.getByTestId('joined-patient')).toContainText('KC-0001');
	await startSending(clinic);
	await joinFromCard(expert, 'mine', consultationId);
	await expect(expert.getByTestId('peers')).toContainText('Dr Sok Chenda (clinic)');
	await expect(clinic.getByTestId('peers')).toContainText('Dr Wang Li (expert)');

	await test.step('the server relays three media producers and one vitals channel', async () => {
		await expect.poll(() => demo.server.roomStats(consultationId)[0]).toMatchObject({ peers: 2, producers: 3, dataProducers: 1, consumers: 3, dataConsumers: 1 });
	});

	await test.step('the expert decodes exam video with the clip’s size and colours', async () => {
		const video = '[data-source="exam-video"]';
		await expect.poll(() => videoState(expert, video)).toMatchObject({ width: spec.video.width, height: spec.video.height });
		await expect.poll(async () => (await videoState(expert, video))?.decodedFrames ?? 0).toBeGreaterThan(30);
		const [tl, tr, bl, br] = await sampleVideo(expert, video, [
			[0.25, 0.2],
			[0.75, 0.2],
			[0.25, 0.8],
			[0.75, 0.8],
		]);
		const expected = [spec.quadrants.topLeft, spec.quadrants.topRight, spec.quadrants.bottomLeft, spec.quadrants.bottomRight];
		[tl, tr, bl, br].forEach((got, i) => got!.forEach((channel, c) => expect(Math.abs(channel - expected[i]![c]!)).toBeLessThan(48)));
	});

	await test.step('the stethoscope carries both tones at the level the clinic captured them', async () => {
		const freqs = spec.tones.frequencies;
		const sent = await toneLevelsOfCapture(clinic, captureConstraints('stethoscope').audio as MediaTrackConstraints, freqs);
		const received = await toneLevelsOfElement(expert, 'audio[data-source="stethoscope"]', freqs);
		console.log(`stethoscope tone levels (dB) ${freqs.join(' / ')} Hz: sent ${sent.map((l) => l.toFixed(1)).join(' / ')}, received ${received.map((l) => l.toFixed(1)).join(' / ')}`);
		received.forEach((level, i) => expect(Math.abs(level - sent[i]!)).toBeLessThan(3));
		// Two sines of amplitude 0.25 add up to an RMS of 0.25: -12 dBFS, shown to both doctors.
		const shownLevel = async (page: typeof clinic) => Number(await page.getByTestId('level-stethoscope').getAttribute('data-dbfs'));
		await expect.poll(() => shownLevel(expert)).toBeGreaterThan(-15);
		expect(await shownLevel(expert)).toBeLessThan(-9);
		await expect.poll(() => shownLevel(clinic)).toBeGreaterThan(-15);
		await expect(expert.getByTestId('level-stethoscope')).toContainText('dBFS');
		// Voice processing or mono speech-mode Opus would cut 50 Hz far below 1 kHz.
		expect(Math.abs(received[0]! - received[1]!)).toBeLessThan(3);
	});

	await test.step('vitals arrive in order, one a second, with units', async () => {
		await expect.poll(async () => (await shownVitalsSeqs(expert)).length).toBeGreaterThanOrEqual(4);
		const seqs = await shownVitalsSeqs(expert);
		seqs.slice(1).forEach((seq, i) => expect(seq).toBe(seqs[i]! - 1));
		const oximeter = deviceVitals(expert, 'pulse-oximeter');
		await expect(oximeter.locator('.vital[data-code="spo2"] .vital-unit')).toHaveText('%');
		await expect(oximeter.locator('.vital[data-code="pulse-rate"] .vital-unit')).toHaveText('/min');
		await expect(oximeter.locator('.vital[data-code="spo2"] .vital-value')).toHaveText(/^(9[6-9])$/);
	});

	await test.step('every simulated device reaches the expert live through the SFU, with units and the precision it sent', async () => {
		await expect(deviceVitals(expert, 'heart-rate-monitor').locator('.vital[data-code="heart-rate"] .vital-unit')).toHaveText('/min');
		// The thermometer sends a FLOAT with two decimals: 36.60 stays 36.60.
		await expect(deviceVitals(expert, 'thermometer').locator('.vital[data-code="body-temperature"] .vital-value')).toHaveText(/^3[67]\.\d\d$/);
		await expect(deviceVitals(expert, 'thermometer').locator('.vital[data-code="body-temperature"] .vital-unit')).toHaveText('°C');
		const bp = deviceVitals(expert, 'blood-pressure-monitor');
		await expect(bp.locator('.vital[data-code="bp-systolic"] .vital-unit')).toHaveText('mmHg');
		await expect(bp.locator('.vital[data-code="bp-diastolic"] .vital-value')).toHaveText(/^\d{2,3}$/);
		await expect(deviceVitals(expert, 'weight-scale').locator('.vital[data-code="body-weight"] .vital-unit')).toHaveText('kg');
		// Each device counts its own sequence numbers from 0: none is seen as missing another's.
		await expect(expert.locator('[data-testid="device-vitals"] .warning')).toHaveCount(0);
		// The clinic started sending before the expert joined: what the live channel never carried came from the demo.server.
		await expect(deviceVitals(expert, 'pulse-oximeter')).toHaveAttribute('data-oldest-seq', '0');
		await expect(deviceVitals(expert, 'pulse-oximeter')).toHaveAttribute('data-missed', '0');
	});

	await test.step('spirometry typed at the clinic reaches the expert, FEV1/FVC computed and flagged below 70 % without hiding it', async () => {
		await clinic.getByTestId('pulmonary-fev1').fill('2.10');
		await clinic.getByTestId('pulmonary-fvc').fill('3.30');
		await expect(clinic.getByTestId('pulmonary-ratio')).toHaveAttribute('data-ratio', '64');
		await clinic.getByTestId('pulmonary-pef').fill('5.20');
		await clinic.getByTestId('pulmonary-pre').check();
		await clinic.getByTestId('pulmonary-therapy').fill('Salbutamol 2.5 mg');
		await clinic.getByTestId('pulmonary-submit').click();
		await expect(clinic.getByTestId('pulmonary-recorded')).toBeVisible();
		const spirometry = deviceVitals(expert, 'spirometer');
		await expect(spirometry.locator('.vital[data-code="fev1"] .vital-value')).toHaveText('2.10');
		await expect(spirometry.locator('.vital[data-code="fev1"] .vital-unit')).toHaveText('L');
		const ratio = spirometry.locator('.vital[data-code="fev1-fvc"]');
		await expect(ratio).toHaveAttribute('data-alert', 'low');
		await expect(ratio.locator('.vital-value')).toHaveText('64');
		await expect(spirometry.locator('.vital[data-code="pef"] .vital-unit')).toHaveText('L/s');
	});

	await test.step('the clinic\'s outbox delivers every reading to the server exactly once', async () => {
		await expect(clinic.getByTestId('outbox-backlog')).toHaveAttribute('data-count', '0');
		await expect.poll(async () => (await demo.server.records.observations.listByConsultation(consultationId)).length).toBeGreaterThanOrEqual(5);
		const stored = await demo.server.records.observations.arrivalOrder(consultationId);
		expect(new Set(stored.map((o) => o.id)).size).toBe(stored.length);
	});

	await test.step('the expert talks back to the clinic, and can mute', async () => {
		const heard = async () => Number((await clinic.getByTestId('level-voice').getAttribute('data-dbfs')) || -100);
		await expert.getByTestId('microphone-on').click();
		await expect.poll(heard).toBeGreaterThan(-80);
		await expert.getByTestId('microphone-mute').click();
		await expect.poll(heard).toBeLessThan(-95);
		await expert.getByTestId('microphone-mute').click();
		await expect.poll(heard).toBeGreaterThan(-80);
	});

	await test.step('bad input from an observer is answered with errors and the consultation carries on', async () => {
		const signedIn = await fetch(`${demo.server.url}${HTTP_ROUTES.signIn}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
			body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
		});
		const { accessToken } = sessionTokensSchema.parse(await signedIn.json());
		const rogue: Socket<ServerToClientEvents, ClientToServerEvents> = io(demo.server.url, {
			transports: ['websocket'],
			forceNew: true,
			auth: { token: accessToken, protocolVersion: PROTOCOL_VERSION },
		});
		const joined = await sendRequest(rogue, 'room:join', { consultationId });
		expect(joined.role).toBe('observer');
		const raw = rogue as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } };
		expect(await raw.timeout(2000).emitWithAck('transport:connect', { transportId: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
		expect(await raw.timeout(2000).emitWithAck('vitals:inject', { spo2: 50 })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
		const before = Math.max(...(await shownVitalsSeqs(expert)));
		await expect.poll(async () => Math.max(...(await shownVitalsSeqs(expert)))).toBeGreaterThan(before + 1);
		rogue.disconnect();
	});

	await test.step('the clinic terminal crashes: the expert sees its seat held and reconnecting, ends the consultation with a summary, and the server holds nothing for it', async () => {
		await clinicBrowser.close(); // an abrupt disconnect, as a crashed terminal would
		await expect(expert.getByTestId('link-banner')).toHaveAttribute('data-state', 'remote-lost');
		await expect(expert.getByTestId('link-banner')).toContainText(/Clinic link lost — reconnecting, \d+:\d\d/);
		await expect(expert.getByTestId('peers')).toContainText('reconnecting');
		expect(demo.server.roomStats(consultationId)[0]?.peers).toBe(2);
		await expert.getByTestId('end').click();
		await expert.getByTestId('end-summary').fill('Likely community-acquired pneumonia. Chest X-ray, amoxicillin, review in 48 h.');
		await expert.getByTestId('end-submit').click();
		await expect(expert.getByTestId('consultation-closed')).toHaveAttribute('data-reason', 'consultation-ended');
		await expect(expert.getByTestId('consultation-closed')).toHaveText(/The consultation has ended/);
		const row = expert.getByTestId('history').locator(`tr[data-consultation="${consultationId}"]`);
		await expect(row.getByTestId('state')).toHaveText('Ended');
		await expect(row).toContainText('amoxicillin');
		await expect.poll(() => demo.server.roomStats(consultationId)).toEqual([]);
		await expect.poll(async () => (await demo.server.mediaDump()).routers).toBe(0);
		expect(demo.server.health().rooms).toBe(0);
	});
});
