// npm run bench: how faithfully a stethoscope reaches the expert. A stepped
// tone sweep (20 Hz to 2 kHz) and a synthetic heart sound are the clinic's
// fake audio input; the clinic page captures it as the stethoscope
// (unprocessed, stereo Opus 128 kbit/s) and, in the same run, as the voice
// (default processing: echo cancellation, noise suppression, AGC), and sends
// both through the real server and SFU to an expert page in another Chromium.
// Per tone: the received level relative to the unprocessed source (dB); for
// the heart sound: the energy of the S1/S2 bursts received relative to the
// source (dB). Prints a table, writes bench-results/stethoscope-fidelity.json.
// Measures; asserts nothing. Goal: the stethoscope path within ±1 dB from 20
// to 1,500 Hz.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { acceptedConsultation, connectAs, tempDataDir } from '@consultdesk/signaling-server/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { pcmWav } from '../../resources/scripts/pcm-wav.mjs';
import { bundlePageScript } from './page-bundle.js';
import { median, sleep } from './bench-stats.js';
import type { Snapshot } from './page/fidelity-page.js';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, '../../bench-results/stethoscope-fidelity.json');
const TONES = [20, 30, 50, 80, 120, 200, 400, 800, 1000, 1500, 2000];
const STEP_SECONDS = 1.5;
const AMPLITUDE = 0.25;
const SAMPLE_RATE = 48_000;
const LOOPS = Number(process.env.BENCH_SWEEP_LOOPS ?? 2);
const HEART_SECONDS = Number(process.env.BENCH_HEART_SECONDS ?? 20);
const WARMUP_MS = 4000;
/** Received snapshots are matched with the source's as it was this long before (the path's latency, ~40–60 ms, rounded up). */
const PATH_MS = 100;
/** Snapshots within this long of a tone change mix two tones; they are left out. */
const SETTLE_MS = 400;

type Path = 'stethoscope' | 'voice';
type Drained = Record<'source' | Path, Snapshot[]>;

/** Each tone for STEP_SECONDS at −15 dBFS (RMS), faded in and out over 20 ms so no step clicks. */
function steppedSweep(): Float32Array {
	const step = Math.round(STEP_SECONDS * SAMPLE_RATE);
	const fade = Math.round(0.02 * SAMPLE_RATE);
	const out = new Float32Array(step * TONES.length);
	TONES.forEach((f, k) => {
		for (let i = 0; i < step; i++) {
			const edge = Math.min(1, i / fade, (step - 1 - i) / fade);
			out[k * step + i] = AMPLITUDE * edge * Math.sin((2 * Math.PI * f * i) / SAMPLE_RATE);
		}
	});
	return out;
}

async function openPage(browser: Browser, serverUrl: string, script: string): Promise<Page> {
	const page = await browser.newPage();
	page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
	await page.goto(`${serverUrl}/health`);
	await page.addScriptTag({ content: script });
	return page;
}

/** Runs one input file through a clinic and an expert page for `seconds` after a warm-up; returns every snapshot. */
async function run(serverUrl: string, script: string, tokens: { clinic: string; expert: string }, consultationId: string, file: string, seconds: number) {
	const clinicBrowser = await launchChromium({ audio: file });
	const expertBrowser = await launchChromium();
	try {
		const clinic = await openPage(clinicBrowser, serverUrl, script);
		const expert = await openPage(expertBrowser, serverUrl, script);
		const { deviceSampleRate } = await clinic.evaluate(([u, t, c, f]) => (window as any).bench.startClinic(u, t, c, f), [serverUrl, tokens.clinic, consultationId, TONES] as const);
		await expert.evaluate(([u, t, c, f]) => (window as any).bench.startExpert(u, t, c, f), [serverUrl, tokens.expert, consultationId, TONES] as const);
		await sleep(WARMUP_MS);
		await Promise.all([clinic, expert].map((p) => p.evaluate(() => (window as any).bench.drain())));
		await sleep(seconds * 1000);
		const sent: Drained = await clinic.evaluate(() => (window as any).bench.drain());
		const got: Drained = await expert.evaluate(() => (window as any).bench.drain());
		await Promise.all([clinic, expert].map((p) => p.evaluate(() => (window as any).bench.close()).catch(() => undefined)));
		return { source: sent.source, stethoscope: got.stethoscope, voice: got.voice, deviceSampleRate: deviceSampleRate as number | null };
	} finally {
		await Promise.all([clinicBrowser.close(), expertBrowser.close()]);
	}
}

/** The source snapshot nearest to a time. */
function sourceAt(source: Snapshot[], at: number): Snapshot | undefined {
	let lo = 0;
	let hi = source.length - 1;
	if (hi < 0) return undefined;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (source[mid]!.at < at) lo = mid + 1;
		else hi = mid;
	}
	const best = [source[lo - 1], source[lo]].filter((s): s is Snapshot => s !== undefined).sort((a, b) => Math.abs(a.at - at) - Math.abs(b.at - at))[0];
	return best && Math.abs(best.at - at) < 150 ? best : undefined;
}

const loudest = (s: Snapshot) => s.tones.indexOf(Math.max(...s.tones));

/** Which tone the source was playing at a time, if it was the same one SETTLE_MS either side. */
function steadyTone(source: Snapshot[], at: number): number | undefined {
	const [before, now, after] = [at - SETTLE_MS, at, at + SETTLE_MS].map((t) => sourceAt(source, t));
	if (!before || !now || !after) return undefined;
	const tone = loudest(now);
	return loudest(before) === tone && loudest(after) === tone ? tone : undefined;
}

/** Per tone: the median received level minus the median source level, over steady snapshots. */
function toneResponse(source: Snapshot[], received: Snapshot[]): { sourceDb: number[]; relativeDb: number[]; readings: number[] } {
	const src: number[][] = TONES.map(() => []);
	const rx: number[][] = TONES.map(() => []);
	for (const s of source) {
		const tone = steadyTone(source, s.at);
		if (tone !== undefined) src[tone]!.push(s.tones[tone]!);
	}
	for (const r of received) {
		const tone = steadyTone(source, r.at - PATH_MS);
		if (tone !== undefined) rx[tone]!.push(r.tones[tone]!);
	}
	const sourceDb = src.map((v) => median(v));
	return { sourceDb, relativeDb: rx.map((v, k) => median(v) - sourceDb[k]!), readings: rx.map((v) => v.length) };
}

/**
 * Energy of the heart sound received relative to the source. The synthetic
 * heart sound is digital silence between its S1/S2 bursts, so the energy over
 * whole loops of it is the bursts' energy; summing over whole loops, not
 * gating single bursts, keeps the path's jitter-buffer delay out of it.
 */
function burstEnergy(source: Snapshot[], received: Snapshot[]): { relativeDb: number; bursts: number } {
	const energy = (values: Snapshot[]) => values.reduce((sum, s) => sum + 10 ** (s.broadbandDb / 10), 0) / Math.max(1, values.length);
	const peak = Math.max(...source.map((s) => s.broadbandDb));
	return { relativeDb: 10 * Math.log10(energy(received) / energy(source)), bursts: source.filter((s) => s.broadbandDb > peak - 20).length };
}

/** A level for the table; −∞ (nothing left of the tone at all) reads as "removed". */
const fmt = (db: number) => (Number.isFinite(db) ? `${db >= 0 ? '+' : ''}${db.toFixed(2)}` : db === -Infinity ? 'removed' : 'n/a');
/** JSON has no −∞: a removed tone is null there. */
const jsonDb = (db: number) => (Number.isFinite(db) ? Math.round(db * 100) / 100 : null);

async function main(): Promise<void> {
	const config = loadConfig({}, { port: 0, logLevel: 'warn', dataDir: tempDataDir(), demo: true });
	const server = await ConsultationServer.start(config, createLogger(config));
	const mediaDir = mkdtempSync(join(tmpdir(), 'consultdesk-fidelity-'));
	try {
		const clinicDoctor = await connectAs(server, 'sok');
		const expert = await connectAs(server, 'chen');
		const { consultationId } = await acceptedConsultation(clinicDoctor, expert, 'cardiology');
		clinicDoctor.disconnect();
		expert.disconnect();
		const tokens = { clinic: clinicDoctor.tokens.accessToken, expert: expert.tokens.accessToken };
		const script = await bundlePageScript('fidelity-page.ts');
		const sweepFile = join(mediaDir, 'sweep.wav');
		writeFileSync(sweepFile, pcmWav(steppedSweep(), SAMPLE_RATE));
		const sweepSeconds = LOOPS * TONES.length * STEP_SECONDS;

		console.log(`stethoscope fidelity: ${TONES.length} tones of ${STEP_SECONDS} s at −15 dBFS, ${LOOPS} loops (${sweepSeconds} s), then ${HEART_SECONDS} s of heart sounds`);
		const sweep = await run(server.url, script, tokens, consultationId, sweepFile, sweepSeconds);
		const heart = await run(server.url, script, tokens, consultationId, join(TEST_MEDIA_DIR, 'heart-sound.wav'), HEART_SECONDS);
		const paths = (['stethoscope', 'voice'] as const).map((path) => ({ path, tones: toneResponse(sweep.source, sweep[path]), heart: burstEnergy(heart.source, heart[path]) }));

		console.log('\n  tone (Hz) | source (analyser dB) | stethoscope path (dB) | voice path, default processing (dB)');
		TONES.forEach((f, k) => {
			const [steth, voice] = paths;
			console.log(`  ${String(f).padStart(9)} | ${fmt(steth!.tones.sourceDb[k]!).padStart(19)} | ${fmt(steth!.tones.relativeDb[k]!).padStart(21)} | ${fmt(voice!.tones.relativeDb[k]!).padStart(10)}`);
		});
		for (const p of paths) console.log(`  heart-sound burst energy, ${p.path} path: ${fmt(p.heart.relativeDb)} dB (over ${HEART_SECONDS} s, ${p.heart.bursts} snapshots in bursts)`);
		const goal = paths[0]!.tones.relativeDb.filter((_, k) => TONES[k]! <= 1500);
		const worst = Math.max(...goal.map(Math.abs));
		console.log(`  stethoscope 20–1,500 Hz: worst ${worst.toFixed(2)} dB from the source (goal ±1 dB: ${worst <= 1 ? 'met' : 'NOT met'})`);

		mkdirSync(dirname(RESULTS), { recursive: true });
		writeFileSync(
			RESULTS,
			`${JSON.stringify(
				{
					benchmark: 'stethoscope-fidelity',
					measuredAt: new Date().toISOString(),
					machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
					settings: {
						tonesHz: TONES,
						stepSeconds: STEP_SECONDS,
						toneLevelDbfs: 20 * Math.log10(AMPLITUDE / Math.SQRT2),
						sweepLoops: LOOPS,
						heartSeconds: HEART_SECONDS,
						deviceSampleRate: sweep.deviceSampleRate,
						measure: 'power over each tone’s main lobe (±3 bins of a 16,384-point FFT), medians of 100 ms snapshots away from tone changes',
					},
					goal: { band: [20, 1500], withinDb: 1, met: worst <= 1, worstDb: Math.round(worst * 100) / 100 },
					paths: paths.map((p) => ({
						path: p.path,
						tones: TONES.map((f, k) => ({ hz: f, relativeDb: jsonDb(p.tones.relativeDb[k]!), readings: p.tones.readings[k] })),
						heartBurstEnergyDb: jsonDb(p.heart.relativeDb),
					})),
				},
				null,
				2,
			)}\n`,
		);
		console.log(`\nwritten to ${RESULTS}`);
	} finally {
		rmSync(mediaDir, { recursive: true, force: true });
		await server.close();
	}
}

await main();
