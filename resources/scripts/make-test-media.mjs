#!/usr/bin/env node
// Makes the test media the e2e tests and the benchmark feed to Chromium's fake
// devices, with content the tests can check on the far side:
//   exam-clip.y4m    320x240 @ 30 fps, 2 s: four coloured quadrants (red, green,
//                    blue, white) and a grey square moving along the middle band
//   tones.wav        48 kHz mono, 4 s: 50 Hz + 1000 Hz sines, each at -12 dBFS
//   heart-sound.wav  48 kHz mono, 10 s: synthetic S1/S2 "lub-dub" at 72 /min
//   stethoscope-tones.wav  48 kHz mono, 10 s: 30 + 50 + 1000 Hz sines (the stethoscope's low end against 1 kHz)
//   document-page.y4m 1920x1080 @ 5 fps: a white page of black 5x7-pixel print
//                    (a lab report and spirometry lines, repeated down the page)
//                    as a document camera sees it; legible only at full resolution
// Usage: make-test-media.mjs [outDir]   (default resources/test-media)
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pcmWav } from './pcm-wav.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? join(here, '..', 'test-media'));

// What the content is lives in test-media-spec.json, which the tests read too.
const spec = JSON.parse(readFileSync(join(here, '..', 'test-media-spec.json'), 'utf8'));
const { video: VIDEO, quadrants: QUADRANTS, tones: TONES, stethoscopeTones: STETHOSCOPE_TONES, document: DOCUMENT } = spec;
// Regenerate when the spec or the generator changes.
const VERSION = `${JSON.stringify(spec)}#generator-3`;

// BT.601 limited range, which is how Chromium converts I420 capture back to RGB.
function yuv([r, g, b]) {
	const [R, G, B] = [r / 255, g / 255, b / 255];
	return [16 + 65.481 * R + 128.553 * G + 24.966 * B, 128 - 37.797 * R - 74.203 * G + 112 * B, 128 + 112 * R - 93.786 * G - 18.214 * B].map(
		(v) => Math.max(0, Math.min(255, Math.round(v))),
	);
}

function colourAt(x, y, frame) {
	const { width: w, height: h, square } = VIDEO;
	const squareX = Math.round((frame / VIDEO.frames) * (w - square));
	if (y >= h / 2 - square / 2 && y < h / 2 + square / 2 && x >= squareX && x < squareX + square) return [128, 128, 128];
	if (y < h / 2) return x < w / 2 ? QUADRANTS.topLeft : QUADRANTS.topRight;
	return x < w / 2 ? QUADRANTS.bottomLeft : QUADRANTS.bottomRight;
}

function makeY4m() {
	const { width: w, height: h, fps, frames } = VIDEO;
	const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F${fps}:1 Ip A1:1 C420jpeg\n`);
	const frameSize = w * h * 1.5;
	const parts = [header];
	for (let f = 0; f < frames; f++) {
		const data = Buffer.alloc(frameSize);
		const uOffset = w * h;
		const vOffset = uOffset + (w / 2) * (h / 2);
		for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = yuv(colourAt(x, y, f))[0];
		for (let y = 0; y < h / 2; y++) {
			for (let x = 0; x < w / 2; x++) {
				const [, u, v] = yuv(colourAt(x * 2, y * 2, f));
				data[uOffset + y * (w / 2) + x] = u;
				data[vOffset + y * (w / 2) + x] = v;
			}
		}
		parts.push(Buffer.from('FRAME\n'), data);
	}
	return Buffer.concat(parts);
}

// A 5x7 pixel font: each glyph is seven rows of five bits, top row first.
const FONT = {
	A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14], D: [30, 17, 17, 17, 17, 17, 30],
	E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16], G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17],
	I: [14, 4, 4, 4, 4, 4, 14], J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
	M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14], P: [30, 17, 17, 30, 16, 16, 16],
	Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17], S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4],
	U: [17, 17, 17, 17, 17, 17, 14], V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
	Y: [17, 17, 10, 4, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31],
	0: [14, 17, 19, 21, 25, 17, 14], 1: [4, 12, 4, 4, 4, 4, 14], 2: [14, 17, 1, 2, 4, 8, 31], 3: [31, 2, 4, 2, 1, 17, 14],
	4: [2, 6, 10, 18, 31, 2, 2], 5: [31, 16, 30, 1, 1, 17, 14], 6: [6, 8, 16, 30, 17, 17, 14], 7: [31, 1, 2, 4, 8, 8, 8],
	8: [14, 17, 17, 14, 17, 17, 14], 9: [14, 17, 17, 15, 1, 2, 12],
	' ': [0, 0, 0, 0, 0, 0, 0], '.': [0, 0, 0, 0, 0, 12, 12], ':': [0, 12, 12, 0, 12, 12, 0], '/': [0, 1, 2, 4, 8, 16, 0],
	'-': [0, 0, 0, 31, 0, 0, 0], '%': [24, 25, 2, 4, 8, 19, 3], '(': [2, 4, 8, 8, 8, 4, 2], ')': [8, 4, 2, 2, 2, 4, 8], '^': [4, 10, 17, 0, 0, 0, 0],
};

/** A white page with rows of black print, 6 px per character and 10 px per line, in 4:2:0 with neutral chroma. */
function makeDocumentY4m() {
	const { width: w, height: h, fps, frames, text } = DOCUMENT;
	const luma = Buffer.alloc(w * h, 235);
	const lines = Math.floor((h - 40) / 10);
	for (let line = 0; line < lines; line++) {
		const row = text[line % text.length];
		const top = 20 + line * 10;
		// Each line repeated across the page with its line number, so no two places read the same.
		const content = `${String(line + 1).padStart(3, '0')} ${row}   `.repeat(8);
		for (let c = 0; c < content.length && 20 + (c + 1) * 6 <= w - 20; c++) {
			const glyph = FONT[content[c]] ?? FONT[' '];
			for (let gy = 0; gy < 7; gy++) for (let gx = 0; gx < 5; gx++) if (glyph[gy] & (16 >> gx)) luma[(top + gy) * w + 20 + c * 6 + gx] = 16;
		}
	}
	const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
	const parts = [Buffer.from(`YUV4MPEG2 W${w} H${h} F${fps}:1 Ip A1:1 C420jpeg\n`)];
	for (let f = 0; f < frames; f++) parts.push(Buffer.from('FRAME\n'), luma, chroma);
	return Buffer.concat(parts);
}

function makeTones({ sampleRate, seconds, frequencies, amplitude } = TONES) {
	const samples = new Float64Array(sampleRate * seconds);
	for (let i = 0; i < samples.length; i++) {
		for (const f of frequencies) samples[i] += amplitude * Math.sin((2 * Math.PI * f * i) / sampleRate);
	}
	return pcmWav(samples, sampleRate);
}

function makeHeartSound() {
	const sampleRate = 48_000;
	const samples = new Float64Array(sampleRate * 10);
	const beat = 60 / 72;
	const burst = (start, freq, duration, amp) => {
		for (let i = 0; i < duration * sampleRate; i++) {
			const t = i / sampleRate;
			const idx = Math.round(start * sampleRate) + i;
			if (idx < samples.length) samples[idx] += amp * Math.exp(-t / (duration / 4)) * Math.sin(2 * Math.PI * freq * t);
		}
	};
	for (let t = 0.1; t < 10 - beat; t += beat) {
		burst(t, 55, 0.12, 0.6); // S1, "lub": mitral/tricuspid closure, lower and longer
		burst(t + 0.3, 85, 0.09, 0.45); // S2, "dub": aortic/pulmonary closure
	}
	return pcmWav(samples, sampleRate);
}

const FILES = {
	'exam-clip.y4m': () => makeY4m(),
	'tones.wav': () => makeTones(),
	'heart-sound.wav': () => makeHeartSound(),
	'stethoscope-tones.wav': () => makeTones(STETHOSCOPE_TONES),
	'document-page.y4m': () => makeDocumentY4m(),
};
const stamp = join(outDir, '.version');
// A file deleted by hand is made again even when the stamp says the set is current.
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === VERSION && Object.keys(FILES).every((name) => existsSync(join(outDir, name)))) {
	console.log(`test media up to date in ${outDir}`);
} else {
	mkdirSync(outDir, { recursive: true });
	for (const [name, make] of Object.entries(FILES)) writeFileSync(join(outDir, name), make());
	writeFileSync(stamp, VERSION);
	console.log(`test media written to ${outDir}`);
}
