/**
 * How long to wait before sending again after the n-th failure in a row:
 * doubling from `baseMs` up to `maxMs`, with up to a quarter of random
 * spread so that clinics that lost the same server do not all come back in
 * the same instant.
 */
export class RetryBackoff {
	constructor(
		readonly baseMs = 500,
		readonly maxMs = 30_000,
		private readonly random: () => number = Math.random,
	) {}

	delayMs(failures: number): number {
		if (failures <= 0) return 0;
		const plain = Math.min(this.maxMs, this.baseMs * 2 ** (failures - 1));
		return Math.round(plain * (1 - 0.25 * this.random()));
	}
}
