import { describe, expect, it } from 'vitest';
import { parsePlxContinuous, parsePlxSpotCheck } from './plx-measurement.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const n = (mantissa: number, exponent = 0) => ({ kind: 'number', mantissa, exponent });

describe('PLX Spot-Check Measurement 0x2A5E', () => {
	it('reads SpO2 and pulse rate', () => {
		// flags 0; SpO2 0x62 0x00 = SFLOAT 0x0062 = 98 (exponent 0); PR 0x48 0x00 = 72.
		expect(parsePlxSpotCheck(bytes(0x00, 0x62, 0x00, 0x48, 0x00))).toEqual({
			ok: true,
			value: {
				spo2: n(98),
				pulseRate: n(72),
				timestamp: undefined,
				measurementStatus: undefined,
				deviceAndSensorStatus: undefined,
				pulseAmplitudeIndex: undefined,
				deviceClockNotSet: false,
			},
		});
	});

	it('reads the timestamp and every optional field in order', () => {
		// flags 0x0F: timestamp, measurement status, device and sensor status, PAI.
		// timestamp: year 0x07EA = 2026, month 11, day 23 (0x17), 10:30:00.
		// measurement status 0x0020 = 32; device and sensor status 0x000102 (uint24 LE 02 01 00) = 258;
		// PAI 0x35 0xF0 = SFLOAT 0xF035: exponent −1, mantissa 0x035 = 53 → 5.3.
		const result = parsePlxSpotCheck(bytes(0x0f, 0x62, 0x00, 0x48, 0x00, 0xea, 0x07, 0x0b, 0x17, 0x0a, 0x1e, 0x00, 0x20, 0x00, 0x02, 0x01, 0x00, 0x35, 0xf0));
		expect(result).toMatchObject({
			ok: true,
			value: {
				timestamp: { year: 2026, month: 11, day: 23, hours: 10, minutes: 30, seconds: 0 },
				measurementStatus: 32,
				deviceAndSensorStatus: 258,
				pulseAmplitudeIndex: n(53, -1),
				deviceClockNotSet: false,
			},
		});
	});

	it('keeps a special value as "no number"', () => {
		// SpO2 0xFF 0x07 = 0x07FF, NaN: the probe is off the finger.
		const result = parsePlxSpotCheck(bytes(0x00, 0xff, 0x07, 0x48, 0x00));
		expect(result.ok && result.value.spo2).toEqual({ kind: 'special', special: 'nan' });
	});

	it('refuses truncated, over-long and malformed values', () => {
		expect(parsePlxSpotCheck(bytes(0x00, 0x62, 0x00, 0x48))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parsePlxSpotCheck(bytes(0x01, 0x62, 0x00, 0x48, 0x00, 0xea, 0x07))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parsePlxSpotCheck(bytes(0x00, 0x62, 0x00, 0x48, 0x00, 0x00))).toMatchObject({ ok: false, error: { code: 'TRAILING_BYTES' } });
		// month 13 in the timestamp.
		expect(parsePlxSpotCheck(bytes(0x01, 0x62, 0x00, 0x48, 0x00, 0xea, 0x07, 0x0d, 0x17, 0x0a, 0x1e, 0x00))).toMatchObject({
			ok: false,
			error: { code: 'INVALID_FIELD' },
		});
	});
});

describe('PLX Continuous Measurement 0x2A5F', () => {
	it('reads the normal, fast and slow readings', () => {
		// flags 0x03: fast and slow present. normal 0x61 = 97 %, 0x46 = 70 /min; fast 96, 71; slow 98, 69.
		const result = parsePlxContinuous(bytes(0x03, 0x61, 0x00, 0x46, 0x00, 0x60, 0x00, 0x47, 0x00, 0x62, 0x00, 0x45, 0x00));
		expect(result).toMatchObject({
			ok: true,
			value: { spo2: n(97), pulseRate: n(70), fast: { spo2: n(96), pulseRate: n(71) }, slow: { spo2: n(98), pulseRate: n(69) } },
		});
	});

	it('reads status and PAI by their own flag bits', () => {
		// flags 0x1C: measurement status 0x0000, device status 0x000000, PAI 0xF035 = 5.3.
		const result = parsePlxContinuous(bytes(0x1c, 0x61, 0x00, 0x46, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x35, 0xf0));
		expect(result).toMatchObject({ ok: true, value: { fast: undefined, slow: undefined, measurementStatus: 0, deviceAndSensorStatus: 0, pulseAmplitudeIndex: n(53, -1) } });
	});

	it('refuses a value that announces a field it does not carry', () => {
		expect(parsePlxContinuous(bytes(0x01, 0x61, 0x00, 0x46, 0x00))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parsePlxContinuous(bytes(0x00, 0x61, 0x00, 0x46, 0x00, 0x60, 0x00))).toMatchObject({ ok: false, error: { code: 'TRAILING_BYTES' } });
	});
});
