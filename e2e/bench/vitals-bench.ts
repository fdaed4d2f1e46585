// npm run bench (vitals): with the real app in two Chromium processes through
// the real server and SFU, (1) how long a reading takes from the clinic's
// device to the expert's screen, split into the data channel (reading made at
// the clinic → message at the expert's data consumer) and the screen (that
// message → the frame that shows it painted), p50/p99 of each and of the
// total; and (2) how fast the clinic's outbox drains after an outage during
// which four simulated devices made five minutes' worth of once-a-second
// readings. Writes bench-results/vitals.json. Measures; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import type { Page } from 'playwright-core';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { consultationCard, joinFromCard, requestConsultation, signInOn, startSending } from '../support/consultation-pages.js';
import { cutLink, restoreLink, SOCKET_CUTTER_SCRIPT } from '../support/socket-cutter.js';
import { percentile, round1, sleep } from './bench-stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, '../../bench-results/vitals.json');
const LATENCY_MS = Number(process.env.BENCH_VITALS_WINDOW_MS ?? 15_000);
/** The outage: four devices (oximeter, heart rate, thermometer, blood pressure), once a second for five minutes. */
const OUTAGE_DEVICES = ['pulse-oximeter', 'heart-rate-monitor', 'thermometer', 'blood-pressure-monitor'];
const OUTAGE_SIMULATED_SECONDS = Number(process.env.BENCH_VITALS_OUTAGE_SECONDS ?? 300);
const OUTAGE_READINGS = OUTAGE_DEVICES.length * OUTAGE_SIMULATED_SECONDS;
/** Bounds: the outage generates at the fast pace (10 a second per device), the drain may take this long. */
const OUTAGE_LIMIT_MS = 180_000;
const DRAIN_LIMIT_MS = 180_000;

/**
 * Installed in the expert page before the app loads: stamps each vitals
 * message when the data channel hands it to the app (before the app's own
 * listener runs), then watches the screen: when a device's newest reading
 * changes in the DOM (after React's commit), it waits for the next animation
 * frame and then for the task after it, by which time that frame has been
 * painted, and stamps every arrived reading of that device up to the one
 * shown. A string, because tsx would wrap a function's inner helpers in a
 * __name the page does not have. Clocks: the clinic and expert pages run on
 * the same machine, so Date.now() is one clock (to the millisecond) for
 * the data channel; the screen part is timed with performance.now() within
 * the expert page.
 */
const WATCH_LATENCIES = `(() => {
	const arrivals = new Map();
	const samples = [];
	window.__vitalsSamples = samples;
	const now = () => performance.now();
	const native = RTCDataChannel.prototype.addEventListener;
	RTCDataChannel.prototype.addEventListener = function (type, listener, options) {
		if (type !== 'message' || typeof listener !== 'function') return native.call(this, type, listener, options);
		const stamped = function (event) {
			const at = now();
			try {
				const message = typeof event.data === 'string' ? JSON.parse(event.data) : undefined;
				for (const o of (message && message.observations) || []) {
					// The thermometer stamps readings with its own clock, to the second: not a latency source.
					if (o.deviceKind === 'thermometer') continue;
					let pending = arrivals.get(o.deviceId);
					if (!pending) arrivals.set(o.deviceId, (pending = []));
					pending.push({ seq: o.seq, dataChannel: Date.now() - o.measuredAt, arrivedAt: at });
				}
			} catch {}
			return listener.call(this, event);
		};
		return native.call(this, type, stamped, options);
	};
	const shown = new Map();
	const painted = (deviceId, seq) => {
		const at = now();
		const pending = arrivals.get(deviceId) || [];
		const rest = [];
		for (const p of pending) {
			if (p.seq <= seq) samples.push({ dataChannel: p.dataChannel, screen: at - p.arrivedAt, total: p.dataChannel + at - p.arrivedAt });
			else rest.push(p);
		}
		arrivals.set(deviceId, rest);
	};
	const channel = new MessageChannel();
	let queued = [];
	channel.port1.onmessage = () => {
		const due = queued;
		queued = [];
		for (const [deviceId, seq] of due) painted(deviceId, seq);
	};
	const check = () => {
		const changed = [];
		for (const panel of document.querySelectorAll('[data-testid="device-vitals"]')) {
			const latest = panel.querySelector('[data-testid="vitals-latest"]');
			if (!latest) continue;
			const deviceId = panel.getAttribute('data-device-id');
			const seq = Number(latest.getAttribute('data-seq'));
			if (shown.get(deviceId) === seq) continue;
			shown.set(deviceId, seq);
			changed.push([deviceId, seq]);
		}
		if (changed.length === 0) return;
		requestAnimationFrame(() => {
			queued.push(...changed);
			channel.port2.postMessage(0);
		});
	};
	new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-seq'] });
})()`;

interface Sample {
	dataChannel: number;
	screen: number;
	total: number;
}

const figures = (values: number[]) => ({ p50Ms: round1(percentile(values, 50)), p99Ms: round1(percentile(values, 99)) });

async function emitted(clinic: Page): Promise<number> {
	return clinic.$$eval('[data-testid="measuring-device"]', (items) => items.reduce((sum, i) => sum + Number(i.getAttribute('data-emitted')), 0));
}

async function main(): Promise<void> {
	const loadAverage = loadavg();
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
		const expertContext = await expertBrowser.newContext();
		await expertContext.addInitScript({ content: WATCH_LATENCIES });
		const expert = await expertContext.newPage();
		await expert.goto(server.url);
		await signInOn(expert, 'wang');
		const { consultationId } = await requestConsultation(clinic, { patientReference: 'KC-0001', reason: 'Vitals benchmark', specialty: 'respiratory', urgency: 'routine' });
		await consultationCard(expert, 'queue', consultationId).getByTestId('accept').click();
		await joinFromCard(clinic, 'open-consultations', consultationId);
		await startSending(clinic);
		await joinFromCard(expert, 'mine', consultationId);
		await clinic.getByTestId('simulated-pace').selectOption('fast');
		await sleep(3000);

		// Only what arrives from now on: the first seconds include opening the channel.
		await expert.evaluate(() => ((window as any).__vitalsSamples as unknown[]).splice(0));
		await sleep(LATENCY_MS);
		const samples = (await expert.evaluate(() => (window as any).__vitalsSamples as Sample[])).filter((s) => s.total >= 0 && s.total < 10_000);
		const latency = {
			readings: samples.length,
			windowMs: LATENCY_MS,
			// Five devices at ten readings a second; the thermometer's readings carry its own clock and are not counted.
			devicesCounted: 4,
			dataChannel: figures(samples.map((s) => s.dataChannel)),
			arrivalToPainted: figures(samples.map((s) => s.screen)),
			total: figures(samples.map((s) => s.total)),
		};
		console.log(`vitals latency over ${latency.readings} readings (5 devices at 10 a second; the thermometer's own clock is not counted), p50 / p99:`);
		console.table({
			'reading at the clinic → expert\'s data consumer': latency.dataChannel,
			'arrival → painted on the expert\'s screen': latency.arrivalToPainted,
			'total: reading → painted': latency.total,
		});

		// The outage: the clinic's signalling link is down while four devices make five minutes' worth of readings.
		await clinic.getByTestId('simulate-weight-scale').uncheck();
		await sleep(500);
		const before = await emitted(clinic);
		await cutLink(clinic);
		const cutAt = Date.now();
		while ((await emitted(clinic)) - before < OUTAGE_READINGS && Date.now() - cutAt < OUTAGE_LIMIT_MS) await sleep(100);
		await clinic.getByTestId('simulated-pace').selectOption('stopped');
		const total = await emitted(clinic);
		const storedBefore = (await server.records.observations.arrivalOrder(consultationId)).length;
		const backlog = total - storedBefore;
		const restoredAt = Date.now();
		await restoreLink(clinic);
		let firstAt: number | undefined;
		let stored = storedBefore;
		while (stored < total && Date.now() - restoredAt < DRAIN_LIMIT_MS) {
			await sleep(20);
			stored = (await server.records.observations.arrivalOrder(consultationId)).length;
			if (firstAt === undefined && stored > storedBefore) firstAt = Date.now();
		}
		const doneAt = Date.now();
		const drainSeconds = (doneAt - (firstAt ?? restoredAt)) / 1000;
		const result = {
			measuredAt: new Date().toISOString(),
			machine: { cpus: cpus().length, loadAverage: loadAverage.map(round1), note: 'shared with other jobs: see loadAverage (1, 5, 15 min) at the start of the run' },
			latency,
			drain: {
				devices: OUTAGE_DEVICES,
				simulatedOutageSeconds: OUTAGE_SIMULATED_SECONDS,
				generatedInMs: restoredAt - cutAt,
				backlog,
				drained: stored - storedBefore,
				complete: stored === total,
				reconnectMs: (firstAt ?? doneAt) - restoredAt,
				drainSeconds: round1(drainSeconds),
				readingsPerSecond: round1(backlog / Math.max(drainSeconds, 0.001)),
				totalSecondsAfterLinkReturned: round1((doneAt - restoredAt) / 1000),
			},
		};
		console.log(
			`outbox drain after an outage of ${OUTAGE_SIMULATED_SECONDS} s of once-a-second readings from ${OUTAGE_DEVICES.length} devices (made at the fast pace in ${round1(result.drain.generatedInMs / 1000)} s): ${backlog} readings waiting; first stored ${result.drain.reconnectMs} ms after the link returned (Socket.IO reconnection); all ${result.drain.complete ? '' : 'NOT '}stored ${result.drain.drainSeconds} s later = ${result.drain.readingsPerSecond} readings/s; ${result.drain.totalSecondsAfterLinkReturned} s in all after the link returned`,
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
