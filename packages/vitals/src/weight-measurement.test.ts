import { describe, expect, it } from 'vitest';
import { parseWeightMeasurement } from './weight-measurement.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('Weight Measurement 0x2A9D', () => {
	it('reads SI weight in 0.005 kg steps', () => {
		// flags 0 (SI); 0x28 0x32 = 0x3228 = 12840 steps × 0.005 kg = 64.200 kg (mantissa 64200, exponent −3).
		expect(parseWeightMeasurement(bytes(0x00, 0x28, 0x32))).toEqual({
			ok: true,
			value: { weight: { kind: 'number', mantissa: 64200, exponent: -3 }, unit: 'kg', timestamp: undefined, userId: undefined, bmi: undefined, height: undefined, heightUnit: 'm' },
		});
	});

	it('reads imperial weight with BMI and height', () => {
		// flags 0x09: imperial, BMI and height. 0x46 0x37 = 14150 × 0.01 lb = 141.50 lb;
		// BMI 0xEB 0x00 = 235 × 0.1 = 23.5; height 0x8A 0x02 = 650 × 0.1 in = 65.0 in.
		expect(parseWeightMeasurement(bytes(0x09, 0x46, 0x37, 0xeb, 0x00, 0x8a, 0x02))).toMatchObject({
			ok: true,
			value: {
				weight: { kind: 'number', mantissa: 14150, exponent: -2 },
				unit: '[lb_av]',
				bmi: { kind: 'number', mantissa: 235, exponent: -1 },
				height: { kind: 'number', mantissa: 650, exponent: -1 },
				heightUnit: '[in_i]',
			},
		});
	});

	it('reads timestamp and user, and "measurement unsuccessful" as no number', () => {
		// flags 0x06: timestamp and user id 3; weight 0xFFFF = measurement unsuccessful.
		const result = parseWeightMeasurement(bytes(0x06, 0xff, 0xff, 0xea, 0x07, 0x0b, 0x17, 0x0a, 0x1e, 0x00, 0x03));
		expect(result).toMatchObject({ ok: true, value: { weight: { kind: 'special', special: 'nan' }, userId: 3 } });
	});

	it('refuses truncated and over-long values', () => {
		expect(parseWeightMeasurement(bytes(0x00, 0x28))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parseWeightMeasurement(bytes(0x08, 0x28, 0x32, 0xeb, 0x00))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parseWeightMeasurement(bytes(0x00, 0x28, 0x32, 0x00))).toMatchObject({ ok: false, error: { code: 'TRAILING_BYTES' } });
	});
});
