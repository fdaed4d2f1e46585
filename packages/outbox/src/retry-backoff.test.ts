import { describe, expect, it } from 'vitest';
import { RetryBackoff } from './retry-backoff.js';

describe('RetryBackoff', () => {
	it('doubles from the base up to the cap, less up to a quarter of spread', () => {
		const none = new RetryBackoff(500, 30_000, () => 0);
		expect([0, 1, 2, 3, 7, 20].map((n) => none.delayMs(n))).toEqual([0, 500, 1000, 2000, 30_000, 30_000]);
		expect(new RetryBackoff(500, 30_000, () => 1).delayMs(3)).toBe(1500);
	});
});
