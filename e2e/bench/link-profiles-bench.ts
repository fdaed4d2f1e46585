// Overseas link profiles: how the consultation fares on the clinic's link as
// it really is. For each profile (clean loopback; 2 Mbit/s 100 ms 0.5 % loss;
// 500 kbit/s 200 ms 2 %; 300 kbit/s 250 ms 5 %), the clinic in its own network
// namespace behind the link emulator, the expert measuring what arrives:
// stethoscope level deviation across 30–1,000 Hz, concealment, the longest
// dropout, exam video frame rate and size, glass-to-glass video latency (a
// frame counter drawn over the clinic camera's picture, read at the expert);
// and on the 500 kbit/s profile,
// the time to stethoscope audio at the expert after a 10 s and a 60 s cut and
// after an address change. Prints a table, writes bench-results/link-profiles.json.
// Measures; asserts nothing. Needs root (network namespaces).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureConstraints } from '@consultdesk/media-settings/capture';
import type { Page } from 'playwright-core';
import spec from '../../resources/test-media-spec.json' with { type: 'json' };
import { ClinicLink } from '../support/clinic-link.js';
import { linkedConsultation, openLink, startServerFor, type Cleanups } from '../support/clinic-link-consultation.js';
import type { LinkProfiles } from '../support/link-emulator.js';
import { longestStethoscopeDropoutMs, PEER_CONNECTION_TAP, receivedMedia } from '../support/link-measurements.js';
import { toneLevelsOfCapture, toneLevelsOfElement } from '../support/media-probes.js';
import { percentile, round1 } from './bench-stats.js';
import { bundlePageScript } from './page-bundle.js';
import { stampLatencies } from './page/frame-stamps.js';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, '../../bench-results/link-profiles.json');

const PROFILES: { name: string; profiles: LinkProfiles | undefined; cuts: boolean }[] = [
	{ name: 'clean loopback', profiles: undefined, cuts: false },
	{ name: '2 Mbit/s, 100 ms, 0.5 % loss', profiles: { up: { delayMs: 50, jitterMs: 5, lossPercent: 0.5, rateKbit: 2000 }, down: { delayMs: 50, jitterMs: 5, lossPercent: 0.5 } }, cuts: false },
	{ name: '500 kbit/s, 200 ms, 2 % loss', profiles: { up: { delayMs: 100, jitterMs: 15, lossPercent: 2, rateKbit: 500 }, down: { delayMs: 100, jitterMs: 15, lossPercent: 2 } }, cuts: true },
	{ name: '300 kbit/s, 250 ms, 5 % loss', profiles: { up: { delayMs: 125, jitterMs: 15, lossPercent: 5, rateKbit: 300 }, down: { delayMs: 125, jitterMs: 15, lossPercent: 5 } }, cuts: false },
];

const level = async (page: Page) => Number(await page.getByTestId('level-stethoscope').getAttribute('data-dbfs'));

/** ms from `back` until the expert hears the stethoscope again (bounded: 60 s). */
async function timeToStethoscope(expert: Page, back: number): Promise<number | undefined> {
	while (Date.now() - back < 60_000) {
		if ((await level(expert)) > -15) return Date.now() - back;
		await expert.waitForTimeout(100);
	}
	return undefined;
}

async function waitForSilence(expert: Page): Promise<void> {
	for (let i = 0; i < 150 && (await level(expert)) > -40; i++) await expert.waitForTimeout(100);
}

interface Row {
	profile: string;
	toneDeviationDb: Record<string, number>;
	maxDeviationDb: number;
	concealmentPercent: number | undefined;
	longestDropoutMs: number;
	video: { fps: number | undefined; width: number | undefined; height: number | undefined };
	/** Camera to expert's screen, over the frames presented while the tones were measured. */
	glassToGlassMs: { p50: number | undefined; p95: number | undefined; frames: number };
	afterCutMs?: { cut10s: number | undefined; cut60s: number | undefined; addressChange: number | undefined };
}

interface StampsWindow {
	__stampsSeen: [number, number][];
	__stampsDrawn: () => Record<string, number>;
}

async function measure(name: string, profiles: LinkProfiles | undefined, cuts: boolean, stamps: string): Promise<Row> {
	const cleanups: Cleanups = [];
	try {
		const link = await openLink(cleanups);
		const server = await startServerFor(link, cleanups);
		if (profiles) await link.emulate(server, profiles);
		// One script each: Playwright does not promise an order between init scripts.
		const session = await linkedConsultation(link, server, cleanups, {
			clinicAudio: 'stethoscope-tones.wav',
			clinicVideo: 'document-page.y4m',
			clinicInitScripts: [`window.__stampRole = 'clinic';\n${stamps}`],
			expertInitScripts: [`${PEER_CONNECTION_TAP}\nwindow.__stampRole = 'expert';\n${stamps}`],
		});
		await session.expert.waitForTimeout(10_000);
		await session.expert.evaluate(() => void (window as unknown as StampsWindow).__stampsSeen.splice(0));
		const freqs = spec.stethoscopeTones.frequencies;
		const received = await toneLevelsOfElement(session.expert, 'audio[data-source="stethoscope"]', freqs);
		const sent = await toneLevelsOfCapture(session.clinic, captureConstraints('stethoscope').audio as MediaTrackConstraints, freqs);
		const deviation = Object.fromEntries(freqs.map((f, i) => [`${f} Hz`, Number((received[i]! - sent[i]!).toFixed(2))]));
		const longestDropoutMs = await longestStethoscopeDropoutMs(session.expert, 10);
		const media = await receivedMedia(session.expert);
		const seen = await session.expert.evaluate(() => (window as unknown as StampsWindow).__stampsSeen.splice(0));
		const latencies = stampLatencies(seen, await session.clinic.evaluate(() => (window as unknown as StampsWindow).__stampsDrawn()));
		const row: Row = {
			profile: name,
			toneDeviationDb: deviation,
			maxDeviationDb: Math.max(...Object.values(deviation).map(Math.abs)),
			concealmentPercent: media.concealment === undefined ? undefined : Number((media.concealment * 100).toFixed(2)),
			longestDropoutMs,
			video: media.video,
			glassToGlassMs: {
				p50: latencies.length > 0 ? round1(percentile(latencies, 50)) : undefined,
				p95: latencies.length > 0 ? round1(percentile(latencies, 95)) : undefined,
				frames: latencies.length,
			},
		};
		if (cuts) {
			const cut = async (ms: number) => {
				await link.cut();
				await session.expert.waitForTimeout(ms);
				await link.restore();
				return timeToStethoscope(session.expert, Date.now());
			};
			const cut10s = await cut(10_000);
			await session.expert.waitForTimeout(5000);
			const cut60s = await cut(60_000);
			await session.expert.waitForTimeout(5000);
			await link.changeAddress();
			const changed = Date.now();
			await waitForSilence(session.expert);
			const addressChange = await timeToStethoscope(session.expert, changed);
			row.afterCutMs = { cut10s, cut60s, addressChange };
		}
		return row;
	} finally {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
	}
}

async function main(): Promise<void> {
	const unsupported = ClinicLink.unsupportedReason();
	if (unsupported) {
		console.log(`[link-profiles] skipped: ${unsupported}`);
		return;
	}
	const stamps = await bundlePageScript('link-stamps-page.ts');
	const rows: Row[] = [];
	for (const { name, profiles, cuts } of PROFILES) {
		console.log(`[link-profiles] ${name}…`);
		rows.push(await measure(name, profiles, cuts, stamps));
	}
	console.log('\nprofile                          | stethoscope Δ dB (30 / 50 / 1000 Hz) | concealment | longest dropout | exam video        | glass to glass p50 / p95 | media back after 10 s / 60 s cut / new address');
	for (const r of rows) {
		const video = `${r.video.width ?? '–'}×${r.video.height ?? '–'} @ ${r.video.fps ?? 0} fps`;
		const g2g = r.glassToGlassMs.frames > 0 ? `${r.glassToGlassMs.p50} / ${r.glassToGlassMs.p95} ms` : '–';
		const back = r.afterCutMs ? `${r.afterCutMs.cut10s ?? '–'} / ${r.afterCutMs.cut60s ?? '–'} / ${r.afterCutMs.addressChange ?? '–'} ms` : '';
		console.log(
			`${r.profile.padEnd(32)} | ${Object.values(r.toneDeviationDb).map((d) => d.toFixed(2)).join(' / ').padEnd(36)} | ${`${r.concealmentPercent ?? '–'} %`.padEnd(11)} | ${`${r.longestDropoutMs} ms`.padEnd(15)} | ${video.padEnd(17)} | ${g2g.padEnd(24)} | ${back}`,
		);
	}
	mkdirSync(dirname(RESULTS), { recursive: true });
	writeFileSync(RESULTS, JSON.stringify({ measuredAt: new Date().toISOString(), machine: { cpus: cpus().length, loadavg: loadavg() }, rows }, null, 2) + '\n');
	console.log(`\nwritten to ${RESULTS}`);
}

await main();
