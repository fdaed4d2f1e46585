import { describe, expect, it } from 'vitest';
import { displayReading } from './reading-display.js';

describe('displayReading', () => {
	it('shows each vital with its name and unit', () => {
		expect(displayReading({ code: 'spo2', value: 97.4, unit: '%' })).toEqual({
			code: 'spo2',
			label: 'SpO₂',
			value: '97',
			unit: '%',
		});
		expect(displayReading({ code: 'pulse-rate', value: 72, unit: '/min' }).unit).toBe('/min');
	});
});
