import { describe, expect, it } from 'vitest';
import { parseTemperatureMeasurement } from './temperature-measurement.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('Temperature Measurement 0x2A1C', () => {
	it('reads °C as FLOAT with the precision sent', () => {
		// flags 0 (°C); FLOAT bytes 4C 0E 00 FE = 0xFE000E4C: exponent 0xFE = −2, mantissa 0x000E4C = 3660 → 36.60 °C.
		expect(parseTemperatureMeasurement(bytes(0x00, 0x4c, 0x0e, 0x00, 0xfe))).toEqual({
			ok: true,
			value: { temperature: { kind: 'number', mantissa: 3660, exponent: -2 }, unit: 'Cel', timestamp: undefined, site: undefined },
		});
	});

	it('reads °F, timestamp and site', () => {
		// flags 0x07: °F, timestamp, type. FLOAT DA 03 00 FF = 0xFF0003DA: exponent −1, mantissa 986 → 98.6 °F.
		// timestamp 2026-11-23 10:30:00 (EA 07 0B 17 0A 1E 00); type 6 = mouth.
		expect(parseTemperatureMeasurement(bytes(0x07, 0xda, 0x03, 0x00, 0xff, 0xea, 0x07, 0x0b, 0x17, 0x0a, 0x1e, 0x00, 0x06))).toEqual({
			ok: true,
			value: {
				temperature: { kind: 'number', mantissa: 986, exponent: -1 },
				unit: '[degF]',
				timestamp: { year: 2026, month: 11, day: 23, hours: 10, minutes: 30, seconds: 0 },
				site: 'mouth',
			},
		});
	});

	it('keeps NaN and infinities as "no number"', () => {
		// FLOAT FF FF 7F 00 = 0x007FFFFF, NaN; FE FF 7F 00 = 0x007FFFFE, +INFINITY.
		const nan = parseTemperatureMeasurement(bytes(0x00, 0xff, 0xff, 0x7f, 0x00));
		expect(nan.ok && nan.value.temperature).toEqual({ kind: 'special', special: 'nan' });
		const inf = parseTemperatureMeasurement(bytes(0x00, 0xfe, 0xff, 0x7f, 0x00));
		expect(inf.ok && inf.value.temperature).toEqual({ kind: 'special', special: '+infinity' });
	});

	it('refuses truncated, over-long and malformed values', () => {
		expect(parseTemperatureMeasurement(bytes(0x00, 0x4c, 0x0e, 0x00))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parseTemperatureMeasurement(bytes(0x04, 0x4c, 0x0e, 0x00, 0xfe))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		expect(parseTemperatureMeasurement(bytes(0x00, 0x4c, 0x0e, 0x00, 0xfe, 0x06))).toMatchObject({ ok: false, error: { code: 'TRAILING_BYTES' } });
		// type 0 and 10 are not defined.
		expect(parseTemperatureMeasurement(bytes(0x04, 0x4c, 0x0e, 0x00, 0xfe, 0x00))).toMatchObject({ ok: false, error: { code: 'INVALID_FIELD' } });
		expect(parseTemperatureMeasurement(bytes(0x04, 0x4c, 0x0e, 0x00, 0xfe, 0x0a))).toMatchObject({ ok: false, error: { code: 'INVALID_FIELD' } });
	});
});
