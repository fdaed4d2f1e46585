import { describe, expect, it } from 'vitest';
import { parseBloodPressureMeasurement, parseIntermediateCuffPressure } from './blood-pressure-measurement.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const n = (mantissa: number, exponent = 0) => ({ kind: 'number', mantissa, exponent });

describe('Blood Pressure Measurement 0x2A35', () => {
	it('reads systolic, diastolic and mean in mmHg', () => {
		// flags 0 (mmHg); 0x78 = 120, 0x50 = 80, 0x5D = 93, each SFLOAT with exponent 0.
		expect(parseBloodPressureMeasurement(bytes(0x00, 0x78, 0x00, 0x50, 0x00, 0x5d, 0x00))).toEqual({
			ok: true,
			value: { systolic: n(120), diastolic: n(80), meanArterial: n(93), unit: 'mm[Hg]', timestamp: undefined, pulseRate: undefined, userId: undefined, status: undefined },
		});
	});

	it('reads kPa and every optional field in order', () => {
		// flags 0x1F: kPa, timestamp, pulse, user, status.
		// A0 F0 = 0xF0A0: exponent −1, mantissa 160 → 16.0 kPa; 6B F0 → 10.7; 7C F0 → 12.4.
		// timestamp 2026-11-23 10:30:00; pulse 0x48 = 72; user 1; status 0x0004 (irregular pulse).
		const result = parseBloodPressureMeasurement(
			bytes(0x1f, 0xa0, 0xf0, 0x6b, 0xf0, 0x7c, 0xf0, 0xea, 0x07, 0x0b, 0x17, 0x0a, 0x1e, 0x00, 0x48, 0x00, 0x01, 0x04, 0x00),
		);
		expect(result).toEqual({
			ok: true,
			value: {
				systolic: n(160, -1),
				diastolic: n(107, -1),
				meanArterial: n(124, -1),
				unit: 'kPa',
				timestamp: { year: 2026, month: 11, day: 23, hours: 10, minutes: 30, seconds: 0 },
				pulseRate: n(72),
				userId: 1,
				status: 4,
			},
		});
	});

	it('refuses truncated and over-long values', () => {
		expect(parseBloodPressureMeasurement(bytes(0x00, 0x78, 0x00, 0x50))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parseBloodPressureMeasurement(bytes(0x04, 0x78, 0x00, 0x50, 0x00, 0x5d, 0x00))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parseBloodPressureMeasurement(bytes(0x00, 0x78, 0x00, 0x50, 0x00, 0x5d, 0x00, 0x48))).toMatchObject({ ok: false, error: { code: 'TRAILING_BYTES' } });
	});
});

describe('Intermediate Cuff Pressure 0x2A36', () => {
	it('reads the current cuff pressure from the systolic field', () => {
		// 0x96 = 150 mmHg; diastolic and mean are NaN (0x07FF) by specification and dropped.
		expect(parseIntermediateCuffPressure(bytes(0x00, 0x96, 0x00, 0xff, 0x07, 0xff, 0x07))).toEqual({
			ok: true,
			value: { cuffPressure: n(150), unit: 'mm[Hg]', timestamp: undefined, pulseRate: undefined, userId: undefined, status: undefined },
		});
		expect(parseIntermediateCuffPressure(bytes(0x00, 0x96))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
	});
});
