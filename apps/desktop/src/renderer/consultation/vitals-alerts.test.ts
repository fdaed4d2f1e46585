import { describe, expect, it } from 'vitest';
import { alertFor, DEFAULT_THRESHOLDS } from './vitals-alerts.js';

describe('alertFor', () => {
	it('flags the default limits and nothing inside them', () => {
		expect(alertFor({ code: 'spo2', value: 91, unit: '%', decimals: 0 }, DEFAULT_THRESHOLDS)).toBe('low');
		expect(alertFor({ code: 'spo2', value: 92, unit: '%', decimals: 0 }, DEFAULT_THRESHOLDS)).toBeUndefined();
		expect(alertFor({ code: 'pulse-rate', value: 131, unit: '/min', decimals: 0 }, DEFAULT_THRESHOLDS)).toBe('high');
		expect(alertFor({ code: 'heart-rate', value: 39, unit: '/min', decimals: 0 }, DEFAULT_THRESHOLDS)).toBe('low');
		expect(alertFor({ code: 'bp-systolic', value: 181, unit: 'mm[Hg]', decimals: 0 }, DEFAULT_THRESHOLDS)).toBe('high');
		expect(alertFor({ code: 'fev1-fvc', value: 65, unit: '%', decimals: 0 }, DEFAULT_THRESHOLDS)).toBe('low');
		expect(alertFor({ code: 'body-temperature', value: 39.5, unit: 'Cel', decimals: 1 }, DEFAULT_THRESHOLDS)).toBeUndefined();
	});

	it('uses the thresholds the expert set', () => {
		expect(alertFor({ code: 'spo2', value: 93, unit: '%', decimals: 0 }, { spo2: { below: 94 } })).toBe('low');
	});
});
