/**
 * The last `capacity` samples of a stream, for the scrolling phonocardiogram:
 * the audio thread's blocks are pushed in as they arrive, the display reads
 * the newest stretch once a frame. Fixed memory, no allocation per push.
 */
export class SampleRing {
	readonly #data: Float32Array;
	#write = 0;
	#total = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError('capacity must be a positive integer');
		this.#data = new Float32Array(capacity);
	}

	/** How many samples were ever pushed. */
	get total(): number {
		return this.#total;
	}

	/** How many samples it holds now (at most capacity). */
	get length(): number {
		return Math.min(this.#total, this.capacity);
	}

	push(block: ArrayLike<number>): void {
		let from = 0;
		let count = block.length;
		if (count > this.capacity) {
			from = count - this.capacity;
			count = this.capacity;
		}
		for (let i = 0; i < count; i++) {
			this.#data[this.#write] = block[from + i]!;
			this.#write = (this.#write + 1) % this.capacity;
		}
		this.#total += block.length;
	}

	/** The newest `count` samples, oldest first; zeros where nothing was pushed yet. */
	latest(count: number, into: Float32Array = new Float32Array(count)): Float32Array {
		const n = Math.min(count, into.length);
		const held = this.length;
		for (let i = 0; i < n; i++) {
			const age = n - i; // 1 = newest
			into[i] = age <= held ? this.#data[(this.#write - age + this.capacity * 2) % this.capacity]! : 0;
		}
		return into;
	}

	clear(): void {
		this.#data.fill(0);
		this.#write = 0;
		this.#total = 0;
	}
}

/** The lowest and highest sample in each of `columns` equal slices: one canvas column each. */
export function columnExtents(samples: Float32Array, columns: number): { min: Float32Array; max: Float32Array } {
	const min = new Float32Array(columns);
	const max = new Float32Array(columns);
	const per = samples.length / columns;
	for (let c = 0; c < columns; c++) {
		const start = Math.floor(c * per);
		const end = Math.max(start + 1, Math.floor((c + 1) * per));
		let lo = Infinity;
		let hi = -Infinity;
		for (let i = start; i < end && i < samples.length; i++) {
			const s = samples[i]!;
			if (s < lo) lo = s;
			if (s > hi) hi = s;
		}
		min[c] = lo === Infinity ? 0 : lo;
		max[c] = hi === -Infinity ? 0 : hi;
	}
	return { min, max };
}
