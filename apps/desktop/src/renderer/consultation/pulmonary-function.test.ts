import { describe, expect, it } from 'vitest';
import { pulmonaryFunction } from './pulmonary-function.js';

const good = { fev1: '2.10', fvc: '3,30', pef: '5.2', bronchodilator: 'pre' as const, therapy: ' Salbutamol 2.5 mg ' };

describe('pulmonaryFunction', () => {
	it('computes FEV1/FVC and keeps the decimals the doctor typed', () => {
		const result = pulmonaryFunction(good);
		expect(result).toEqual({
			ok: true,
			ratio: 64,
			context: { bronchodilator: 'pre', therapy: 'Salbutamol 2.5 mg' },
			readings: [
				{ code: 'fev1', value: 2.1, unit: 'L', decimals: 2 },
				{ code: 'fvc', value: 3.3, unit: 'L', decimals: 2 },
				{ code: 'fev1-fvc', value: 64, unit: '%', decimals: 0 },
				{ code: 'pef', value: 5.2, unit: 'L/s', decimals: 1 },
			],
		});
	});

	it('refuses values outside the plausible range, text, FEV1 above FVC, and a missing context', () => {
		expect(pulmonaryFunction({ ...good, fev1: '12', fvc: 'lots', pef: '' })).toMatchObject({ ok: false, problems: { fev1: 'out-of-range', fvc: 'not-a-number', pef: 'required' } });
		expect(pulmonaryFunction({ ...good, fev1: '3.5', fvc: '3.3' })).toMatchObject({ ok: false, problems: { fev1: 'fev1-above-fvc' } });
		expect(pulmonaryFunction({ ...good, bronchodilator: '', therapy: '  ' })).toMatchObject({ ok: false, problems: { bronchodilator: 'required', therapy: 'required' }, ratio: 64 });
	});
});
