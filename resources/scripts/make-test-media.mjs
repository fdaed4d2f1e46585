#!/usr/bin/env node
// Makes the test media the e2e tests and the benchmark feed to Chromium's fake
// devices, with content the tests can check on the far side:
//   exam-clip.y4m    320x240 @ 30 fps, 2 s: four coloured quadrants (red, green,
//                    blue, white) and a grey square moving along the middle band
//   tones.wav        48 kHz mono, 4 s: 50 Hz + 1000 Hz sines, each at -12 dBFS
//   heart-sound.wav  48 kHz mono, 10 s: synthetic S1/S2 "lub-dub" at 72 /min
//   stethoscope-tones.wav  48 kHz mono, 10 s: 30 + 50 + 1000 Hz sines (the stethoscope's low end against 1 kHz)
// Usage: make-test-media.mjs [outDir]   (default resources/test-media)
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? join(here, '..', 'test-media'));

// What the content is lives in test-media-spec.json, which the tests read too.
const spec = JSON.parse(readFileSync(join(here, '..', 'test-media-spec.json'), 'utf8'));
const { video: VIDEO, quadrants: QUADRANTS, tones: TONES, stethoscopeTones: STETHOSCOPE_TONES } = spec;
// Regenerate when the spec or the generator changes.
const VERSION = `${JSON.stringify(spec)}#generator-2`;

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

function wav(samples, sampleRate) {
	const data = Buffer.alloc(samples.length * 2);
	samples.forEach((s, i) => data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(s * 32767))), i * 2));
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVEfmt ', 8);
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36);
	header.writeUInt32LE(data.length, 40);
	return Buffer.concat([header, data]);
}

function makeTones({ sampleRate, seconds, frequencies, amplitude } = TONES) {
	const samples = new Float64Array(sampleRate * seconds);
	for (let i = 0; i < samples.length; i++) {
		for (const f of frequencies) samples[i] += amplitude * Math.sin((2 * Math.PI * f * i) / sampleRate);
	}
	return wav(samples, sampleRate);
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
	return wav(samples, sampleRate);
}

const stamp = join(outDir, '.version');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === VERSION) {
	console.log(`test media up to date in ${outDir}`);
} else {
	mkdirSync(outDir, { recursive: true });
	writeFileSync(join(outDir, 'exam-clip.y4m'), makeY4m());
	writeFileSync(join(outDir, 'tones.wav'), makeTones());
	writeFileSync(join(outDir, 'heart-sound.wav'), makeHeartSound());
	writeFileSync(join(outDir, 'stethoscope-tones.wav'), makeTones(STETHOSCOPE_TONES));
	writeFileSync(stamp, VERSION);
	console.log(`test media written to ${outDir}`);
}
