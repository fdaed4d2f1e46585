import { describe, expect, it } from 'vitest';
import { readingsFromCharacteristic, toReading } from './characteristic-readings.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('readingsFromCharacteristic', () => {
	it('turns a PLX value into SpO2 and pulse readings with the precision sent', () => {
		// PLX Continuous, SpO2 0xF3D2 = 97.8 %, PR 72.
		expect(readingsFromCharacteristic(0x2a5f, bytes(0x00, 0xd2, 0xf3, 0x48, 0x00))).toEqual({
			ok: true,
			value: {
				readings: [
					{ code: 'spo2', value: 97.8, unit: '%', decimals: 1 },
					{ code: 'pulse-rate', value: 72, unit: '/min', decimals: 0 },
				],
				noReading: [],
				measuredAt: undefined,
			},
		});
	});

	it('says "no reading" for a special value instead of a number', () => {
		const result = readingsFromCharacteristic(0x2a5e, bytes(0x00, 0xff, 0x07, 0x48, 0x00));
		expect(result).toMatchObject({ ok: true, value: { readings: [{ code: 'pulse-rate' }], noReading: ['spo2'] } });
		// a heart-rate strap without skin contact
		expect(readingsFromCharacteristic(0x2a37, bytes(0x04, 0x00))).toMatchObject({ ok: true, value: { readings: [], noReading: ['heart-rate'] } });
	});

	it('converts kPa, °F and imperial units into the registry units', () => {
		// 16.0 kPa × 7.5006 = 120.01 → 120 mmHg (0.1 kPa steps are 0.75 mmHg: no decimal).
		const bp = readingsFromCharacteristic(0x2a35, bytes(0x01, 0xa0, 0xf0, 0x6b, 0xf0, 0x7c, 0xf0));
		expect(bp.ok && bp.value.readings.map((r) => [r.code, r.value, r.unit, r.decimals])).toEqual([
			['bp-systolic', 120, 'mm[Hg]', 0],
			['bp-diastolic', 80, 'mm[Hg]', 0],
			['bp-mean', 93, 'mm[Hg]', 0],
		]);
		// 98.6 °F → (98.6 − 32) × 5/9 = 37.0 °C, one decimal as sent.
		const temperature = readingsFromCharacteristic(0x2a1c, bytes(0x01, 0xda, 0x03, 0x00, 0xff));
		expect(temperature.ok && temperature.value.readings).toEqual([{ code: 'body-temperature', value: 37, unit: 'Cel', decimals: 1 }]);
		// 141.50 lb × 0.45359237 = 64.183 → 64.18 kg; 65.0 in × 0.0254 = 1.651 m; BMI 23.5.
		const weight = readingsFromCharacteristic(0x2a9d, bytes(0x09, 0x46, 0x37, 0xeb, 0x00, 0x8a, 0x02));
		expect(weight.ok && weight.value.readings).toEqual([
			{ code: 'body-weight', value: 64.18, unit: 'kg', decimals: 2 },
			{ code: 'body-height', value: 1.651, unit: 'm', decimals: 3 },
			{ code: 'bmi', value: 23.5, unit: 'kg/m2', decimals: 1 },
		]);
	});

	it('uses a complete device timestamp as the time of measurement', () => {
		const result = readingsFromCharacteristic(0x2a1c, bytes(0x02, 0x4c, 0x0e, 0x00, 0xfe, 0xea, 0x07, 0x0b, 0x17, 0x0a, 0x1e, 0x00));
		expect(result.ok && result.value.measuredAt).toBe(new Date(2026, 10, 23, 10, 30, 0).getTime());
	});

	it('passes parse errors on and refuses an unknown characteristic', () => {
		expect(readingsFromCharacteristic(0x2a37, bytes())).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(readingsFromCharacteristic(0x2a00, bytes(0x00))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHARACTERISTIC' } });
	});

	it('treats an implausible number as no reading', () => {
		// SpO2 of 120 % is a device fault, not a value to show.
		expect(toReading('spo2', { kind: 'number', mantissa: 120, exponent: 0 })).toBeUndefined();
		expect(toReading('spo2', { kind: 'special', special: 'nres' })).toBeUndefined();
	});
});
