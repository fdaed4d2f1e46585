import { describe, expect, it } from 'vitest';
import { formatElapsed } from './elapsed-format.js';

describe('formatElapsed', () => {
	it('reads minutes, then hours, then days, in whole units', () => {
		expect(formatElapsed(10_000, 'en')).toBe('1 min');
		expect(formatElapsed(4 * 60_000 + 59_000, 'en')).toBe('4 min');
		expect(formatElapsed(89 * 60_000, 'en')).toBe('89 min');
		expect(formatElapsed(3 * 3_600_000, 'en')).toBe('3 hr');
		expect(formatElapsed(3 * 86_400_000, 'en')).toBe('3 days');
	});

	it('never shows a negative wait when the clocks disagree', () => {
		expect(formatElapsed(-30_000, 'en')).toBe('1 min');
	});

	it('uses the language’s own unit words', () => {
		expect(formatElapsed(12 * 60_000, 'zh')).toBe('12分钟');
	});
});
