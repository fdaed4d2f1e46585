// npm run bench (vitals): with the real app in two Chromium processes through
// the real server and SFU, (1) how long a reading takes from the clinic's
// device to the expert's screen over the data channel (p50/p99), and (2) how
// fast the clinic's outbox drains after an outage during which all the
// simulated devices kept measuring. Writes bench-results/vitals.json.
// Measures; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import type { Page } from 'playwright-core';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { consultationCard, joinFromCard, requestConsultation, signIn, signInOn, startSending } from '../support/consultation-pages.js';
import { cutLink, restoreLink, SOCKET_CUTTER_SCRIPT } from '../support/socket-cutter.js';
import { percentile, round1, sleep } from './bench-stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, '../../bench-results/vitals.json');
const LATENCY_MS = Number(process.env.BENCH_VITALS_WINDOW_MS ?? 15_000);
const OUTAGE_MS = Number(process.env.BENCH_VITALS_OUTAGE_MS ?? 20_000);

/**
 * In the expert page: when each device's newest reading first appears on
 * screen, minus when the device measured it (same machine, same clock). A
 * string, because tsx would wrap a function's inner helpers in a __name the
 * page does not have.
 */
const WATCH_LATENCIES = `(() => {
	const seen = new Set();
	const latencies = [];
	window.__vitalsLatencies = latencies;
	const tick = () => {
		const now = Date.now();
		for (const panel of document.querySelectorAll('[data-testid="device-vitals"]')) {
			// The thermometer stamps readings with its own clock, to the second: not a latency source.
			if (panel.getAttribute('data-device-kind') === 'thermometer') continue;
			const latest = panel.querySelector('[data-testid="vitals-latest"]');
			if (!latest) continue;
			const key = panel.getAttribute('data-device-id') + ':' + latest.getAttribute('data-seq');
			if (seen.has(key)) continue;
			seen.add(key);
			latencies.push(now - Number(latest.getAttribute('data-measured-at')));
		}
		requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
})()`;

async function emitted(clinic: Page): Promise<number> {
	return clinic.$$eval('[data-testid="measuring-device"]', (items) => items.reduce((sum, i) => sum + Number(i.getAttribute('data-emitted')), 0));
}

async function main(): Promise<void> {
	const dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-bench-vitals-'));
	const config = loadConfig({}, { port: 0, logLevel: 'warn', dataDir, demo: true });
	const server = await ConsultationServer.start(config, createLogger(config));
	const clinicBrowser = await launchChromium({ video: join(TEST_MEDIA_DIR, 'exam-clip.y4m'), audio: join(TEST_MEDIA_DIR, 'tones.wav') });
	const expertBrowser = await launchChromium({ audio: join(TEST_MEDIA_DIR, 'heart-sound.wav') });
	try {
		const context = await clinicBrowser.newContext();
		await context.addInitScript({ content: SOCKET_CUTTER_SCRIPT });
		const clinic = await context.newPage();
		await clinic.goto(server.url);
		await signInOn(clinic, 'sok');
		const expert = await signIn(expertBrowser, server.url, 'wang');
		const { consultationId } = await requestConsultation(clinic, { patientReference: 'KC-0001', reason: 'Vitals benchmark', specialty: 'respiratory', urgency: 'routine' });
		await consultationCard(expert, 'queue', consultationId).getByTestId('accept').click();
		await joinFromCard(clinic, 'open-consultations', consultationId);
		await startSending(clinic);
		await joinFromCard(expert, 'mine', consultationId);
		await clinic.getByTestId('simulated-pace').selectOption('fast');
		await sleep(3000);

		await expert.evaluate(WATCH_LATENCIES);
		await sleep(LATENCY_MS);
		const latencies = (await expert.evaluate(() => (window as any).__vitalsLatencies as number[])).filter((l) => l >= 0 && l < 10_000);
		console.log(`vitals latency, device → expert screen via the SFU data channel: ${latencies.length} readings, p50 ${round1(percentile(latencies, 50))} ms, p99 ${round1(percentile(latencies, 99))} ms`);

		// The outage: the clinic's signalling link is down; the devices keep measuring into the outbox.
		await cutLink(clinic);
		await sleep(OUTAGE_MS);
		await clinic.getByTestId('simulated-pace').selectOption('stopped');
		const total = await emitted(clinic);
		const storedBefore = (await server.records.observations.arrivalOrder(consultationId)).length;
		const backlog = total - storedBefore;
		const restoredAt = Date.now();
		await restoreLink(clinic);
		let firstAt: number | undefined;
		let stored = storedBefore;
		while (stored < total && Date.now() - restoredAt < 180_000) {
			await sleep(20);
			stored = (await server.records.observations.arrivalOrder(consultationId)).length;
			if (firstAt === undefined && stored > storedBefore) firstAt = Date.now();
		}
		const doneAt = Date.now();
		const drainSeconds = (doneAt - (firstAt ?? restoredAt)) / 1000;
		const result = {
			measuredAt: new Date().toISOString(),
			latency: { readings: latencies.length, p50Ms: round1(percentile(latencies, 50)), p99Ms: round1(percentile(latencies, 99)), windowMs: LATENCY_MS },
			drain: {
				outageMs: OUTAGE_MS,
				devicesMeasuring: 5,
				backlog,
				drained: stored - storedBefore,
				complete: stored === total,
				reconnectMs: (firstAt ?? doneAt) - restoredAt,
				drainSeconds: round1(drainSeconds),
				readingsPerSecond: round1(backlog / Math.max(drainSeconds, 0.001)),
			},
		};
		console.log(
			`outbox drain after a ${OUTAGE_MS / 1000} s outage with 5 devices measuring: ${backlog} readings waiting; first stored ${result.drain.reconnectMs} ms after the link returned (Socket.IO reconnection); all ${result.drain.complete ? '' : 'NOT '}stored in ${result.drain.drainSeconds} s = ${result.drain.readingsPerSecond} readings/s`,
		);
		mkdirSync(dirname(RESULTS), { recursive: true });
		writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
		console.log(`written to ${RESULTS}`);
	} finally {
		await clinicBrowser.close();
		await expertBrowser.close();
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

await main();
