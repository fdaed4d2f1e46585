import type { Page } from 'playwright-core';

/**
 * Level in dB of each tone in a media element's stream, as the power summed
 * over the analyser bins of the tone's main lobe (±3 bins of a Blackman
 * window), so a tone between two bins reads as loud as one on a bin; the
 * median of `snapshots` readings `intervalMs` apart. Runs in the page.
 */
export async function tonePowerOfElement(page: Page, selector: string, frequencies: number[], snapshots = 20, intervalMs = 200): Promise<number[]> {
	return page.evaluate(
		async ({ sel, freqs, count, every }) => {
			const stream = document.querySelector<HTMLMediaElement>(sel)?.srcObject as MediaStream | null;
			if (!stream) throw new Error(`no stream at ${sel}`);
			const ctx = new AudioContext({ sampleRate: 48_000 });
			await ctx.resume();
			const analyser = ctx.createAnalyser();
			analyser.fftSize = 16_384;
			analyser.smoothingTimeConstant = 0;
			ctx.createMediaStreamSource(stream).connect(analyser);
			const bins = new Float32Array(analyser.frequencyBinCount);
			const binHz = ctx.sampleRate / analyser.fftSize;
			const readings: number[][] = freqs.map(() => []);
			for (let i = 0; i < count; i++) {
				await new Promise((r) => setTimeout(r, every));
				analyser.getFloatFrequencyData(bins);
				freqs.forEach((f, k) => {
					const centre = Math.round(f / binHz);
					let power = 0;
					for (let b = centre - 3; b <= centre + 3; b++) power += 10 ** ((bins[b] ?? -200) / 10);
					readings[k]!.push(10 * Math.log10(power));
				});
			}
			await ctx.close();
			return readings.map((r) => r.sort((a, b) => a - b)[Math.floor(r.length / 2)]!);
		},
		{ sel: selector, freqs: frequencies, count: snapshots, every: intervalMs },
	);
}
