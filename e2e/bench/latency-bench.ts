// npm run bench: glass-to-glass latency of exam video through the SFU and,
// in the same run and at the same time, over a direct peer connection between
// the same two Chromium processes; and stethoscope audio latency through the
// SFU. Prints p50/p95 per round and the median over rounds, and writes them
// to bench-results/latency.json. Measures; asserts nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { acceptedConsultation, connectAs, tempDataDir } from '@consultdesk/signaling-server/testing';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { bundlePageScript } from './page-bundle.js';
import { median, percentile, round1, sleep } from './bench-stats.js';
import { stampLatencies } from './page/frame-stamps.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 8000);
const WARMUP_MS = 4000;
const RESULTS = join(here, '../../bench-results/latency.json');

type Drained = {
	drawnAt: Record<string, number>;
	scheduledAt: number[];
	sfuVideo: [number, number][];
	directVideo: [number, number][];
	onsets: number[];
};

type Percentiles = { p50: number; p95: number };
type Round = {
	round: number;
	sfuVideo: Percentiles & { frames: number };
	directVideo: Percentiles & { frames: number };
	sfuStethoscope: Percentiles & { bursts: number };
};


function audioLatencies(onsets: number[], scheduled: number[]): number[] {
	return onsets.flatMap((onset) => {
		const burst = scheduled.filter((s) => s <= onset && onset - s < 450).at(-1);
		return burst === undefined ? [] : [onset - burst];
	});
}

async function openBenchPage(serverUrl: string, script: string): Promise<Page> {
	const browser = await launchChromium();
	const page = await browser.newPage();
	page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
	await page.goto(`${serverUrl}/health`);
	await page.addScriptTag({ content: script });
	return page;
}

async function main(): Promise<void> {
	const config = loadConfig({}, { port: 0, logLevel: 'warn', dataDir: tempDataDir(), demo: true });
	const server = await ConsultationServer.start(config, createLogger(config));
	// The demo clinic doctor asks, the respiratory expert accepts; each page then signs in as one of them.
	const clinicDoctor = await connectAs(server, 'sok');
	const expert = await connectAs(server, 'wang');
	const { consultationId } = await acceptedConsultation(clinicDoctor, expert);
	clinicDoctor.disconnect();
	expert.disconnect();
	const script = await bundlePageScript('latency-page.ts');
	const sender = await openBenchPage(server.url, script);
	const receiver = await openBenchPage(server.url, script);
	const chromiumVersion = sender.context().browser()?.version();
	try {
		console.log(`latency bench: ${ROUNDS} rounds of ${WINDOW_MS / 1000} s, SFU and direct paths measured at the same time`);
		await sender.evaluate(([u, t, c]) => (window as any).bench.startSender(u, t, c), [server.url, clinicDoctor.tokens.accessToken, consultationId]);
		await receiver.evaluate(([u, t, c]) => (window as any).bench.startReceiver(u, t, c), [server.url, expert.tokens.accessToken, consultationId]);
		const offer = await sender.evaluate(() => (window as any).bench.directOffer());
		const answer = await receiver.evaluate((o) => (window as any).bench.directAnswer(o), offer);
		await sender.evaluate((a) => (window as any).bench.directAccept(a), answer);
		await sleep(WARMUP_MS);
		await Promise.all([sender, receiver].map((p) => p.evaluate(() => (window as any).bench.drain())));

		const rounds: Round[] = [];
		for (let r = 1; r <= ROUNDS; r++) {
			await sender.evaluate((n) => (window as any).bench.scheduleBursts(n), Math.floor(WINDOW_MS / 500) - 1);
			await sleep(WINDOW_MS);
			const sent: Drained = await sender.evaluate(() => (window as any).bench.drain());
			const got: Drained = await receiver.evaluate(() => (window as any).bench.drain());
			const sfu = stampLatencies(got.sfuVideo, sent.drawnAt);
			const direct = stampLatencies(got.directVideo, sent.drawnAt);
			const audio = audioLatencies(got.onsets, sent.scheduledAt);
			const row: Round = {
				round: r,
				sfuVideo: { p50: round1(percentile(sfu, 50)), p95: round1(percentile(sfu, 95)), frames: sfu.length },
				directVideo: { p50: round1(percentile(direct, 50)), p95: round1(percentile(direct, 95)), frames: direct.length },
				sfuStethoscope: { p50: round1(percentile(audio, 50)), p95: round1(percentile(audio, 95)), bursts: audio.length },
			};
			rounds.push(row);
			console.log(
				`round ${r}: video SFU p50 ${row.sfuVideo.p50} / p95 ${row.sfuVideo.p95} ms (${sfu.length} frames) | ` +
					`direct p50 ${row.directVideo.p50} / p95 ${row.directVideo.p95} ms (${direct.length}) | ` +
					`stethoscope SFU p50 ${row.sfuStethoscope.p50} / p95 ${row.sfuStethoscope.p95} ms (${audio.length} bursts)`,
			);
		}
		const pick = (f: (row: Round) => number) => round1(median(rounds.map(f)));
		const summary = {
			sfuVideoMs: { p50: pick((x) => x.sfuVideo.p50), p95: pick((x) => x.sfuVideo.p95) },
			directVideoMs: { p50: pick((x) => x.directVideo.p50), p95: pick((x) => x.directVideo.p95) },
			sfuStethoscopeMs: { p50: pick((x) => x.sfuStethoscope.p50), p95: pick((x) => x.sfuStethoscope.p95) },
			sfuOverDirect: {} as { p50?: number; p95?: number },
		};
		summary.sfuOverDirect = {
			p50: Math.round((summary.sfuVideoMs.p50 / summary.directVideoMs.p50) * 100) / 100,
			p95: Math.round((summary.sfuVideoMs.p95 / summary.directVideoMs.p95) * 100) / 100,
		};
		console.log('\nmedian over rounds:');
		console.log(`  exam video via SFU   p50 ${summary.sfuVideoMs.p50} ms  p95 ${summary.sfuVideoMs.p95} ms`);
		console.log(`  exam video direct    p50 ${summary.directVideoMs.p50} ms  p95 ${summary.directVideoMs.p95} ms`);
		console.log(`  SFU / direct         p50 ${summary.sfuOverDirect.p50}×  p95 ${summary.sfuOverDirect.p95}×`);
		console.log(`  stethoscope via SFU  p50 ${summary.sfuStethoscopeMs.p50} ms  p95 ${summary.sfuStethoscopeMs.p95} ms`);
		mkdirSync(dirname(RESULTS), { recursive: true });
		writeFileSync(
			RESULTS,
			`${JSON.stringify(
				{
					benchmark: 'latency',
					measuredAt: new Date().toISOString(),
					machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, chromium: chromiumVersion },
					settings: { rounds: ROUNDS, windowMs: WINDOW_MS, workers: config.workers, video: '512x128 canvas @ 30 fps, VP8', audio: '30 ms 1 kHz bursts every 500 ms, stethoscope settings' },
					summary,
					rounds,
				},
				null,
				2,
			)}\n`,
		);
		console.log(`\nwritten to ${RESULTS}`);
	} finally {
		await Promise.all([sender, receiver].map((p) => p.evaluate(() => (window as any).bench.close()).catch(() => undefined)));
		await Promise.all([sender, receiver].map((p) => p.context().browser()?.close()));
		await server.close();
	}
}

await main();
