import { describe, expect, it } from 'vitest';
import { formatElapsed } from './LinkBanner.js';

describe('formatElapsed', () => {
	it('counts minutes and seconds, and hours when it comes to that', () => {
		expect(formatElapsed(0)).toBe('0:00');
		expect(formatElapsed(42_400)).toBe('0:42');
		expect(formatElapsed(725_000)).toBe('12:05');
		expect(formatElapsed(3_725_000)).toBe('1:02:05');
		expect(formatElapsed(-500)).toBe('0:00');
	});
});
