import { columnExtents } from './ring-buffer.js';
import { byteColourTable, rowBins } from './spectrogram-colours.js';
import type { StethoscopeListening } from './stethoscope-listening.js';

/** The spectrogram shows 0…2 kHz: everything a stethoscope carries. */
export const SPECTROGRAM_MAX_HZ = 2000;

/**
 * Draws the phonocardiogram (the last five seconds, min/max per pixel column,
 * newest on the right) and a scrolling spectrogram (one column per frame) at
 * the display's rate. Plain canvas work in requestAnimationFrame: React only
 * mounts the canvases, nothing here re-renders a component.
 */
export class ListeningDisplay {
	readonly #listening: StethoscopeListening;
	readonly #wave: CanvasRenderingContext2D;
	readonly #spectrum: CanvasRenderingContext2D;
	readonly #colours = byteColourTable();
	readonly #bins: Uint8Array<ArrayBuffer>;
	readonly #rows: Int32Array;
	#samples: Float32Array;
	#frame = 0;
	#stopped = false;

	constructor(listening: StethoscopeListening, wave: HTMLCanvasElement, spectrum: HTMLCanvasElement) {
		this.#listening = listening;
		this.#wave = wave.getContext('2d', { alpha: false })!;
		this.#spectrum = spectrum.getContext('2d', { alpha: false, willReadFrequently: false })!;
		this.#bins = new Uint8Array(listening.analyser.frequencyBinCount);
		this.#samples = new Float32Array(listening.ring.capacity);
		this.#rows = rowBins(spectrum.height, SPECTROGRAM_MAX_HZ, listening.context.sampleRate, listening.analyser.fftSize);
		this.#spectrum.fillStyle = '#440154';
		this.#spectrum.fillRect(0, 0, spectrum.width, spectrum.height);
		this.#frame = requestAnimationFrame(() => this.#draw());
	}

	stop(): void {
		this.#stopped = true;
		cancelAnimationFrame(this.#frame);
	}

	#draw(): void {
		if (this.#stopped) return;
		this.#drawWave();
		this.#drawSpectrumColumn();
		this.#frame = requestAnimationFrame(() => this.#draw());
	}

	#drawWave(): void {
		const ctx = this.#wave;
		const { width, height } = ctx.canvas;
		const samples = this.#listening.ring.latest(this.#samples.length, this.#samples);
		const { min, max } = columnExtents(samples, width);
		// Auto-scaled to the loudest of the five seconds, so quiet heart sounds still fill the strip.
		let peak = 0.01;
		for (let i = 0; i < width; i++) peak = Math.max(peak, -min[i]!, max[i]!);
		const mid = height / 2;
		const scale = (height / 2 - 2) / peak;
		ctx.fillStyle = '#0b1a14';
		ctx.fillRect(0, 0, width, height);
		ctx.strokeStyle = '#1f3d30';
		ctx.beginPath();
		for (let s = 1; s < 5; s++) {
			const x = Math.round((s / 5) * width) + 0.5;
			ctx.moveTo(x, 0);
			ctx.lineTo(x, height);
		}
		ctx.stroke();
		ctx.fillStyle = '#7CFC9A';
		for (let x = 0; x < width; x++) {
			const top = mid - max[x]! * scale;
			ctx.fillRect(x, top, 1, Math.max(1, (max[x]! - min[x]!) * scale));
		}
	}

	#drawSpectrumColumn(): void {
		const ctx = this.#spectrum;
		const { width, height } = ctx.canvas;
		const analyser = this.#listening.analyser;
		analyser.getByteFrequencyData(this.#bins);
		// Scroll one pixel left, then paint the newest column at the right edge.
		ctx.drawImage(ctx.canvas, 1, 0, width - 1, height, 0, 0, width - 1, height);
		const column = ctx.createImageData(1, height);
		for (let r = 0; r < height; r++) {
			const v = this.#bins[this.#rows[r]!] ?? 0;
			column.data.set(this.#colours.subarray(v * 4, v * 4 + 4), r * 4);
		}
		ctx.putImageData(column, width - 1, 0);
	}
}
