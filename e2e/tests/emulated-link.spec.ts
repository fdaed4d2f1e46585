import { captureConstraints } from '@consultdesk/media-settings/capture';
import { expect, test } from '@playwright/test';
import spec from '../../resources/test-media-spec.json' with { type: 'json' };
import { ClinicLink } from '../support/clinic-link.js';
import { linkedConsultation, openLink, startServerFor, type Cleanups } from '../support/clinic-link-consultation.js';
import type { LinkProfiles } from '../support/link-emulator.js';
import { longestStethoscopeDropoutMs, PEER_CONNECTION_TAP, receivedMedia } from '../support/link-measurements.js';
import { toneLevelsOfCapture, toneLevelsOfElement } from '../support/media-probes.js';

/*
 * The clinic's everyday link, emulated: 500 kbit/s up, 200 ms round trip,
 * ±15 ms jitter each way (30 ms end to end) and 2 % loss. The stethoscope
 * must stay diagnostic — its tones within 2 dB of what was captured from
 * 30 Hz to 1 kHz, no dropout longer than 100 ms — while the video gives way.
 */

// Skipped only where network namespaces cannot be made (the reason is printed).
// Without them the stethoscope's level-true path is still covered on loopback by tests/stethoscope.spec.ts and tests/consultation.spec.ts; the emulator itself by support/link-emulator.test.ts.
test.skip(ClinicLink.unsupportedReason() !== undefined, ClinicLink.unsupportedReason() ?? '');

const cleanups: Cleanups = [];
test.afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error(error));
});

const CLINIC_LINK: LinkProfiles = {
	up: { delayMs: 100, jitterMs: 15, lossPercent: 2, rateKbit: 500 },
	down: { delayMs: 100, jitterMs: 15, lossPercent: 2 },
};

test('on a 500 kbit/s, 200 ms, 2 % loss clinic link the stethoscope stays level-true and unbroken while video gives way', async () => {
	test.setTimeout(180_000);
	const link = await openLink(cleanups);
	const server = await startServerFor(link, cleanups);
	await link.emulate(server, CLINIC_LINK);
	// A full-HD camera (captured at the exam camera's 1280×720): more than 500 kbit/s can carry at full size.
	const session = await linkedConsultation(link, server, cleanups, {
		clinicAudio: 'stethoscope-tones.wav',
		clinicVideo: 'document-page.y4m',
		expertInitScripts: [PEER_CONNECTION_TAP],
	});
	const { clinic, expert } = session;
	const freqs = spec.stethoscopeTones.frequencies;
	// Let the sender's bandwidth estimate settle on the narrow link.
	await expert.waitForTimeout(8000);

	const received = await toneLevelsOfElement(expert, 'audio[data-source="stethoscope"]', freqs);
	const sent = await toneLevelsOfCapture(clinic, captureConstraints('stethoscope').audio as MediaTrackConstraints, freqs);
	console.log(`emulated clinic link: stethoscope tone levels (dB) ${freqs.join(' / ')} Hz: sent ${sent.map((l) => l.toFixed(1)).join(' / ')}, received ${received.map((l) => l.toFixed(1)).join(' / ')}`);
	received.forEach((level, i) => expect(Math.abs(level - sent[i]!)).toBeLessThanOrEqual(2));

	const dropoutMs = await longestStethoscopeDropoutMs(expert, 10);
	const media = await receivedMedia(expert);
	console.log(
		`emulated clinic link: longest stethoscope dropout ${dropoutMs} ms, concealment ${((media.concealment ?? 0) * 100).toFixed(2)} %, video ${media.video.width}×${media.video.height} at ${media.video.fps ?? 0} fps`,
	);
	expect(dropoutMs).toBeLessThanOrEqual(100);
	// Video gave way to a smaller simulcast layer than the 720 lines captured, but still comes.
	expect(media.video.height ?? 0).toBeGreaterThan(0);
	expect(media.video.height ?? 0).toBeLessThan(720);
});
