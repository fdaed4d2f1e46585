// npm run bench (captures): with the real app in two Chromium processes through
// the real server, the time from "take photo" at the clinic to "shown at the
// expert" for a 12-megapixel still (4000×3000 JPEG) on a 2 Mbit/s and on a
// 500 kbit/s clinic uplink. The uplink is a rate-limited TCP proxy in this
// process (support/throttled-link.ts) that carries the clinic's page,
// signalling and uploads; the expert's side is unlimited. The still is made
// in the clinic page (a camera-like image: gradients, shapes and sensor
// noise) before the clock starts, and handed to the app as a photo file, so
// the figure covers hashing, keeping it in IndexedDB, the tus upload, the
// server's checks, the notification and the expert's download and decode;
// not the camera's own capture time. Writes bench-results/captures.json.
// Measures; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsultationServer, createLogger, loadConfig } from '@consultdesk/signaling-server';
import { launchChromium, TEST_MEDIA_DIR } from '../support/chromium.js';
import { consultationCard, joinFromCard, requestConsultation, signIn } from '../support/consultation-pages.js';
import { ThrottledLink } from '../support/throttled-link.js';
import { round1, sleep } from './bench-stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, '../../bench-results/captures.json');
const LINKS = [
	{ name: '2 Mbit/s', bitsPerSecond: 2_000_000 },
	{ name: '500 kbit/s', bitsPerSecond: 500_000 },
];

/** In the clinic page: a 4000×3000 JPEG with a camera's kind of content, kept in window.__still. A string: see vitals-bench. */
const MAKE_STILL = (seed: number) => `(async () => {
	const w = 4000, h = 3000;
	const canvas = new OffscreenCanvas(w, h);
	const ctx = canvas.getContext('2d');
	const gradient = ctx.createLinearGradient(0, 0, w, h);
	gradient.addColorStop(0, '#c9a27e'); gradient.addColorStop(0.5, '#e8c7a8'); gradient.addColorStop(1, '#8a5a44');
	ctx.fillStyle = gradient; ctx.fillRect(0, 0, w, h);
	let s = ${seed};
	const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
	for (let i = 0; i < 400; i++) {
		ctx.fillStyle = 'hsla(' + Math.floor(rnd() * 40) + ',' + Math.floor(30 + rnd() * 40) + '%,' + Math.floor(25 + rnd() * 50) + '%,0.5)';
		ctx.beginPath(); ctx.arc(rnd() * w, rnd() * h, 10 + rnd() * 300, 0, Math.PI * 2); ctx.fill();
	}
	const image = ctx.getImageData(0, 0, w, h);
	const d = image.data;
	for (let i = 0; i < d.length; i += 4) { const n = (rnd() - 0.5) * 18; d[i] += n; d[i + 1] += n; d[i + 2] += n; }
	ctx.putImageData(image, 0, 0);
	const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
	window.__still = new File([blob], 'still-${seed}.jpg', { type: 'image/jpeg', lastModified: Date.now() });
	return blob.size;
})()`;

/** In the clinic page: hands the prepared still to the app as the doctor's photo, and says when. */
const TAKE_STILL = `(() => {
	const input = document.querySelector('[data-testid="still-file"]');
	const files = new DataTransfer();
	files.items.add(window.__still);
	input.files = files.files;
	const at = Date.now();
	input.dispatchEvent(new Event('change', { bubbles: true }));
	return at;
})()`;

/** In the expert page: when each still is first shown decoded, by id. */
const WATCH_SHOWN = `(() => {
	const shownAt = {};
	window.__shownAt = shownAt;
	const tick = () => {
		for (const item of document.querySelectorAll('[data-testid="gallery-still"][data-state="shown"]')) {
			const id = item.getAttribute('data-id');
			const img = item.querySelector('img');
			if (!(id in shownAt) && img && img.complete && img.naturalWidth > 0) shownAt[id] = { at: Date.now(), width: img.naturalWidth, height: img.naturalHeight };
		}
		requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
})()`;

async function main(): Promise<void> {
	const dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-bench-captures-'));
	const config = loadConfig({}, { port: 0, logLevel: 'warn', dataDir, demo: true });
	const server = await ConsultationServer.start(config, createLogger(config));
	const link = await ThrottledLink.open(server.url);
	const clinicBrowser = await launchChromium({ video: join(TEST_MEDIA_DIR, 'exam-clip.y4m'), audio: join(TEST_MEDIA_DIR, 'tones.wav') });
	const expertBrowser = await launchChromium({ audio: join(TEST_MEDIA_DIR, 'heart-sound.wav') });
	try {
		const clinic = await signIn(clinicBrowser, link.url, 'sok');
		const expert = await signIn(expertBrowser, server.url, 'wang');
		const { consultationId } = await requestConsultation(clinic, { patientReference: 'KC-0002', reason: 'Captures benchmark', specialty: 'respiratory', urgency: 'routine' });
		await consultationCard(expert, 'queue', consultationId).getByTestId('accept').click();
		await joinFromCard(clinic, 'open-consultations', consultationId);
		await joinFromCard(expert, 'mine', consultationId);
		await expert.evaluate(WATCH_SHOWN);

		const runs = [];
		for (const [index, { name, bitsPerSecond }] of LINKS.entries()) {
			const bytes = (await clinic.evaluate(MAKE_STILL(index + 1))) as number;
			link.uploadBytesPerSecond = bitsPerSecond / 8;
			const uploadedBefore = link.uploaded;
			const takenAt = (await clinic.evaluate(TAKE_STILL)) as number;
			let shown: { at: number; width: number; height: number } | undefined;
			let id: string | null = null;
			while (!shown && Date.now() - takenAt < 600_000) {
				await sleep(50);
				id ??= await clinic.locator('[data-testid="outgoing-still"]').last().getAttribute('data-id').catch(() => null);
				if (id) shown = ((await expert.evaluate('window.__shownAt')) as Record<string, typeof shown>)[id];
			}
			const seconds = shown ? (shown.at - takenAt) / 1000 : undefined;
			const run = {
				link: name,
				uplinkBitsPerSecond: bitsPerSecond,
				stillBytes: bytes,
				shownSize: shown ? `${shown.width}×${shown.height}` : 'not shown',
				takeToShownSeconds: seconds === undefined ? null : round1(seconds),
				/** What the still alone needs at this rate: the floor of the figure above. */
				wireSeconds: round1((bytes * 8) / bitsPerSecond),
				uplinkBytes: link.uploaded - uploadedBefore,
			};
			runs.push(run);
			console.log(`12 MP still (${(bytes / 1e6).toFixed(2)} MB JPEG) on a ${name} uplink: take photo → shown at the expert in ${run.takeToShownSeconds ?? '—'} s (the bytes alone: ${run.wireSeconds} s)`);
			link.uploadBytesPerSecond = Number.POSITIVE_INFINITY;
			await sleep(1000);
		}
		const result = { measuredAt: new Date().toISOString(), runs };
		mkdirSync(dirname(RESULTS), { recursive: true });
		writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
		console.log(`written to ${RESULTS}`);
	} finally {
		await clinicBrowser.close();
		await expertBrowser.close();
		await link.close();
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

await main();
