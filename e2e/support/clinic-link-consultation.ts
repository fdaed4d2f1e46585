import { join } from 'node:path';
import { captureConstraints } from '@consultdesk/media-settings/capture';
import { ConsultationServer, createLogger, loadConfig, type ServerConfigInput } from '@consultdesk/signaling-server';
import { tempDataDir } from '@consultdesk/signaling-server/testing';
import { expect } from '@playwright/test';
import type { Browser, Page } from 'playwright-core';
import spec from '../../resources/test-media-spec.json' with { type: 'json' };
import { launchChromium, TEST_MEDIA_DIR } from './chromium.js';
import { ClinicLink } from './clinic-link.js';
import { consultationCard, joinFromCard, requestConsultation, signInOn, startSending } from './consultation-pages.js';
import { toneLevelsOfCapture, toneLevelsOfElement } from './media-probes.js';

/*
 * A consultation whose clinic sits behind the clinic-link fixture: what the
 * link tests and benchmarks share. Everything opened is closed by the
 * caller's clean-ups, newest first.
 */

export type Cleanups = (() => Promise<unknown>)[];

export interface LinkedConsultation {
	clinic: Page;
	expert: Page;
	consultationId: string;
}

export async function openLink(cleanups: Cleanups): Promise<ClinicLink> {
	const link = await ClinicLink.create();
	cleanups.push(() => link.close());
	return link;
}

/** A server on the address the clinic's namespace reaches, with the demo accounts. */
export async function startServerFor(link: ClinicLink, cleanups: Cleanups, overrides: ServerConfigInput = {}): Promise<ConsultationServer> {
	const config = loadConfig({}, { port: 0, logLevel: 'warn', workers: 1, dataDir: tempDataDir(), demo: true, ...link.serverConfig(), ...overrides });
	const server = await ConsultationServer.start(config, createLogger(config));
	cleanups.push(() => server.close());
	return server;
}

/** The clinic (in its namespace) requests, the expert accepts, both join and the clinic sends everything. */
export interface LinkedConsultationOptions {
	/** The clinic's fake microphone and stethoscope input (a file in the test media). */
	clinicAudio?: string;
	/** The clinic's fake camera (a file in the test media). */
	clinicVideo?: string;
	/** Scripts run in the expert's page before the app, e.g. PEER_CONNECTION_TAP. */
	expertInitScripts?: string[];
	/** Scripts run in the clinic's page before the app. */
	clinicInitScripts?: string[];
}

export async function linkedConsultation(
	link: ClinicLink,
	server: ConsultationServer,
	cleanups: Cleanups,
	options: LinkedConsultationOptions = {},
): Promise<LinkedConsultation> {
	const clinicBrowser: Browser = await link.launchClinicChromium(server.url, {
		video: join(TEST_MEDIA_DIR, options.clinicVideo ?? 'exam-clip.y4m'),
		audio: join(TEST_MEDIA_DIR, options.clinicAudio ?? 'tones.wav'),
	});
	cleanups.push(() => clinicBrowser.close());
	const expertBrowser = await launchChromium({ audio: join(TEST_MEDIA_DIR, 'heart-sound.wav') }, ClinicLink.browserFlags(server.url));
	cleanups.push(() => expertBrowser.close());
	const clinic = await signedInPage(clinicBrowser, server.url, 'sok', options.clinicInitScripts);
	const expert = await signedInPage(expertBrowser, server.url, 'wang', options.expertInitScripts);
	const { consultationId } = await requestConsultation(clinic, { patientReference: 'KC-0001', reason: 'Wheeze and cough for a week.', specialty: 'respiratory', urgency: 'urgent' });
	await consultationCard(expert, 'queue', consultationId).getByTestId('accept').click();
	await expect(consultationCard(expert, 'mine', consultationId)).toBeVisible();
	await joinFromCard(clinic, 'open-consultations', consultationId);
	await startSending(clinic);
	await joinFromCard(expert, 'mine', consultationId);
	await expect.poll(() => server.roomStats(consultationId)[0]).toMatchObject({ peers: 2, producers: 3, consumers: 3 });
	return { clinic, expert, consultationId };
}

/** A page of the app, signed in as `username`, with `initScripts` run before the app. */
async function signedInPage(browser: Browser, url: string, username: string, initScripts: string[] = []): Promise<Page> {
	const context = await browser.newContext();
	for (const content of initScripts) await context.addInitScript({ content });
	const page = await context.newPage();
	page.on('pageerror', (error) => console.error(`[${username} page] ${error.message}`));
	await page.goto(url);
	await signInOn(page, username);
	return page;
}

/** The stethoscope tones' levels at the clinic's capture and at the expert, in dB, printed with `label`. */
export async function stethoscopeTones({ clinic, expert }: LinkedConsultation, label: string): Promise<{ sent: number[]; received: number[] }> {
	const freqs = spec.tones.frequencies;
	const received = await toneLevelsOfElement(expert, 'audio[data-source="stethoscope"]', freqs);
	const sent = await toneLevelsOfCapture(clinic, captureConstraints('stethoscope').audio as MediaTrackConstraints, freqs);
	console.log(`${label}: stethoscope tone levels (dB) ${freqs.join(' / ')} Hz: sent ${sent.map((l) => l.toFixed(1)).join(' / ')}, received ${received.map((l) => l.toFixed(1)).join(' / ')}`);
	return { sent, received };
}

/** The expert hears both stethoscope tones at the level the clinic captured them. */
export async function expectStethoscopeAtExpert(session: LinkedConsultation, label: string): Promise<void> {
	const { sent, received } = await stethoscopeTones(session, label);
	received.forEach((level, i) => expect(Math.abs(level - sent[i]!)).toBeLessThan(3));
}
