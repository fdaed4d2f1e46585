import { describe, expect, it } from 'vitest';
import { columnExtents, SampleRing } from './ring-buffer.js';

describe('SampleRing', () => {
	it('keeps the newest samples across wrap-around, oldest first', () => {
		const ring = new SampleRing(5);
		ring.push([1, 2, 3]);
		expect([...ring.latest(5)]).toEqual([0, 0, 1, 2, 3]);
		ring.push([4, 5, 6, 7]);
		expect(ring.length).toBe(5);
		expect(ring.total).toBe(7);
		expect([...ring.latest(5)]).toEqual([3, 4, 5, 6, 7]);
		expect([...ring.latest(2)]).toEqual([6, 7]);
	});

	it('takes a block longer than itself by keeping its end', () => {
		const ring = new SampleRing(3);
		ring.push([1, 2, 3, 4, 5, 6, 7]);
		expect([...ring.latest(3)]).toEqual([5, 6, 7]);
		ring.clear();
		expect([...ring.latest(3)]).toEqual([0, 0, 0]);
	});

	it('refuses a capacity that is not a positive integer', () => {
		expect(() => new SampleRing(0)).toThrow(RangeError);
	});
});

describe('columnExtents', () => {
	it('gives each canvas column the min and max of its slice', () => {
		const { min, max } = columnExtents(Float32Array.from([0, 1, -1, 0.5, 0.25, -0.5]), 3);
		expect([...min]).toEqual([0, -1, -0.5]);
		expect([...max]).toEqual([1, 0.5, 0.25]);
	});
});
