import type { Page } from 'playwright-core';

/*
 * Measurements taken inside a page, on what it actually decodes or captures.
 * The functions passed to page.evaluate run in the browser and may only use
 * their argument.
 */

export interface VideoState {
	width: number;
	height: number;
	decodedFrames: number;
}

export async function videoState(page: Page, selector: string): Promise<VideoState | null> {
	return page.evaluate((sel) => {
		const video = document.querySelector<HTMLVideoElement>(sel);
		if (!video || video.videoWidth === 0) return null;
		return { width: video.videoWidth, height: video.videoHeight, decodedFrames: video.getVideoPlaybackQuality().totalVideoFrames };
	}, selector);
}

/** Mean RGB of a 7×7 patch at each point, given as fractions of the frame size. */
export async function sampleVideo(page: Page, selector: string, points: [number, number][]): Promise<[number, number, number][]> {
	return page.evaluate(
		({ sel, pts }) => {
			const video = document.querySelector<HTMLVideoElement>(sel);
			if (!video || video.videoWidth === 0) throw new Error(`no decoded video at ${sel}`);
			const canvas = document.createElement('canvas');
			canvas.width = video.videoWidth;
			canvas.height = video.videoHeight;
			const ctx = canvas.getContext('2d', { willReadFrequently: true });
			if (!ctx) throw new Error('no 2d context');
			ctx.drawImage(video, 0, 0);
			return pts.map(([fx, fy]) => {
				const { data } = ctx.getImageData(Math.round(fx * canvas.width) - 3, Math.round(fy * canvas.height) - 3, 7, 7);
				const sum = [0, 0, 0];
				for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
				return sum.map((s) => Math.round(s / (data.length / 4))) as [number, number, number];
			});
		},
		{ sel: selector, pts: points },
	);
}

/**
 * Level in dB (AnalyserNode scale) of each frequency in a media element's
 * stream or a fresh capture, the median of several snapshots.
 */
async function toneLevelsIn(
	page: Page,
	target: { selector: string } | { constraints: MediaTrackConstraints },
	frequencies: number[],
): Promise<number[]> {
	return page.evaluate(
		async ({ target: t, frequencies: freqs }) => {
			const stream =
				'selector' in t
					? (document.querySelector<HTMLMediaElement>(t.selector)?.srcObject as MediaStream | null)
					: await navigator.mediaDevices.getUserMedia({ audio: t.constraints });
			if (!stream) throw new Error('no stream to analyse');
			const ctx = new AudioContext({ sampleRate: 48_000 });
			await ctx.resume();
			const analyser = ctx.createAnalyser();
			analyser.fftSize = 16_384;
			analyser.smoothingTimeConstant = 0;
			ctx.createMediaStreamSource(stream).connect(analyser);
			const bins = new Float32Array(analyser.frequencyBinCount);
			const binHz = ctx.sampleRate / analyser.fftSize;
			const snapshots: number[][] = freqs.map(() => []);
			for (let i = 0; i < 12; i++) {
				await new Promise((r) => setTimeout(r, 250));
				analyser.getFloatFrequencyData(bins);
				freqs.forEach((f, k) => {
					let peak = -Infinity;
					for (let b = Math.floor((f - 8) / binHz); b <= Math.ceil((f + 8) / binHz); b++) peak = Math.max(peak, bins[b] ?? -Infinity);
					snapshots[k]!.push(peak);
				});
			}
			await ctx.close();
			if (!('selector' in t)) for (const track of stream.getTracks()) track.stop();
			return snapshots.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)]!);
		},
		{ target, frequencies },
	);
}

export const toneLevelsOfElement = (page: Page, selector: string, frequencies: number[]) =>
	toneLevelsIn(page, { selector }, frequencies);

export const toneLevelsOfCapture = (page: Page, constraints: MediaTrackConstraints, frequencies: number[]) =>
	toneLevelsIn(page, { constraints }, frequencies);
