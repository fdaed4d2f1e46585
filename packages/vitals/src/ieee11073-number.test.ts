import { describe, expect, it } from 'vitest';
import { decimalText, decodeFloat, decodeSfloat, encodeFloat, encodeSfloat, numberValue } from './ieee11073-number.js';

describe('SFLOAT', () => {
	it('decodes exponent and mantissa as sent', () => {
		// 0x0048: exponent 0x0, mantissa 0x048 = 72 → 72.
		expect(decodeSfloat(0x0048)).toEqual({ kind: 'number', mantissa: 72, exponent: 0 });
		// 0xF3D2: exponent 0xF = −1, mantissa 0x3D2 = 978 → 97.8.
		expect(decodeSfloat(0xf3d2)).toEqual({ kind: 'number', mantissa: 978, exponent: -1 });
		// 0x2FFF: exponent 2, mantissa 0xFFF = −1 (12-bit two's complement) → −100.
		expect(decodeSfloat(0x2fff)).toEqual({ kind: 'number', mantissa: -1, exponent: 2 });
		// 0x0800 with exponent 0 is NRes, but 0x0803: mantissa 0x803 = −2045 → a number.
		expect(decodeSfloat(0x0803)).toEqual({ kind: 'number', mantissa: -2045, exponent: 0 });
	});

	it('recognises every special value, whatever the exponent bits', () => {
		// Specification: NaN 0x07FF, NRes 0x0800, +INF 0x07FE, −INF 0x0802, reserved 0x0801.
		expect(decodeSfloat(0x07ff)).toEqual({ kind: 'special', special: 'nan' });
		expect(decodeSfloat(0x0800)).toEqual({ kind: 'special', special: 'nres' });
		expect(decodeSfloat(0x07fe)).toEqual({ kind: 'special', special: '+infinity' });
		expect(decodeSfloat(0x0802)).toEqual({ kind: 'special', special: '-infinity' });
		expect(decodeSfloat(0x0801)).toEqual({ kind: 'special', special: 'reserved' });
		// A device that sets exponent bits on NaN (0xF7FF) still sent no number.
		expect(decodeSfloat(0xf7ff)).toEqual({ kind: 'special', special: 'nan' });
	});

	it('encodes what it decodes', () => {
		expect(encodeSfloat(978, -1)).toBe(0xf3d2);
		expect(decodeSfloat(encodeSfloat(-2045, -8))).toEqual({ kind: 'number', mantissa: -2045, exponent: -8 });
		// 2047 and −2048 are the bit patterns of NaN and NRes: they cannot be numbers.
		expect(() => encodeSfloat(2047, 0)).toThrow(RangeError);
		expect(() => encodeSfloat(-2048, 0)).toThrow(RangeError);
	});
});

describe('FLOAT', () => {
	it('decodes exponent and mantissa as sent', () => {
		// 0xFE000E4C: exponent 0xFE = −2, mantissa 0x000E4C = 3660 → 36.60.
		expect(decodeFloat(0xfe000e4c)).toEqual({ kind: 'number', mantissa: 3660, exponent: -2 });
		// 0xFFFFFF9C: exponent −1, mantissa 0xFFFF9C = −100 → −10.0.
		expect(decodeFloat(0xffffff9c)).toEqual({ kind: 'number', mantissa: -100, exponent: -1 });
		expect(encodeFloat(3660, -2)).toBe(0xfe000e4c);
	});

	it('recognises every special value', () => {
		expect(decodeFloat(0x007fffff)).toEqual({ kind: 'special', special: 'nan' });
		expect(decodeFloat(0x00800000)).toEqual({ kind: 'special', special: 'nres' });
		expect(decodeFloat(0x007ffffe)).toEqual({ kind: 'special', special: '+infinity' });
		expect(decodeFloat(0x00800002)).toEqual({ kind: 'special', special: '-infinity' });
		expect(decodeFloat(0x00800001)).toEqual({ kind: 'special', special: 'reserved' });
	});
});

describe('decimal text', () => {
	it('keeps the precision the device sent', () => {
		expect(decimalText(3660, -2)).toBe('36.60');
		expect(decimalText(5, -3)).toBe('0.005');
		expect(decimalText(-100, -1)).toBe('-10.0');
		expect(decimalText(12, 2)).toBe('1200');
		expect(decimalText(0, 3)).toBe('0');
		expect(numberValue(3660, -2)).toBe(36.6);
	});
});
