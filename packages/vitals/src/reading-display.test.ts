import { describe, expect, it } from 'vitest';
import { displayReading } from './reading-display.js';

describe('displayReading', () => {
	it('shows each vital with its label key, unit and the precision the device sent', () => {
		expect(displayReading({ code: 'spo2', value: 97, unit: '%', decimals: 0 })).toEqual({ code: 'spo2', labelKey: 'spo2', value: '97', unit: '%' });
		expect(displayReading({ code: 'body-temperature', value: 36.6, unit: 'Cel', decimals: 2 }).value).toBe('36.60');
		expect(displayReading({ code: 'pulse-rate', value: 72, unit: '/min', decimals: 0 }).unit).toBe('/min');
	});
});
