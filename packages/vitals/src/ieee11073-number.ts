/*
 * IEEE 11073-20601 medical numbers as Bluetooth health devices send them:
 * SFLOAT (16 bits: 4-bit signed exponent, 12-bit signed mantissa) and FLOAT
 * (32 bits: 8-bit signed exponent, 24-bit signed mantissa), value =
 * mantissa × 10^exponent. The mantissa and exponent are kept as sent, so
 * 36.60 °C stays 36.60 (a float would print 36.6 or 36.6000001).
 */

/** Reserved mantissas that mean "no number"; they must never be shown as one. */
export type SpecialValue = 'nan' | 'nres' | '+infinity' | '-infinity' | 'reserved';

export type MedicalNumber =
	| { readonly kind: 'number'; readonly mantissa: number; readonly exponent: number }
	| { readonly kind: 'special'; readonly special: SpecialValue };

/** Special values by unsigned mantissa, relative to the mantissa's largest positive value (0x7FF or 0x7FFFFF). */
function special(unsignedMantissa: number, maxPositive: number): SpecialValue | undefined {
	switch (unsignedMantissa - maxPositive) {
		case 0:
			return 'nan'; // 0x07FF / 0x007FFFFF
		case 1:
			return 'nres'; // 0x0800 / 0x00800000: not at this resolution
		case -1:
			return '+infinity'; // 0x07FE / 0x007FFFFE
		case 3:
			return '-infinity'; // 0x0802 / 0x00800002
		case 2:
			return 'reserved'; // 0x0801 / 0x00800001
		default:
			return undefined;
	}
}

function signed(value: number, bits: number): number {
	return value >= 2 ** (bits - 1) ? value - 2 ** bits : value;
}

/** A 16-bit SFLOAT from its unsigned little-endian value. */
export function decodeSfloat(raw: number): MedicalNumber {
	const unsignedMantissa = raw & 0x0fff;
	const isSpecial = special(unsignedMantissa, 0x07ff);
	if (isSpecial) return { kind: 'special', special: isSpecial };
	return { kind: 'number', mantissa: signed(unsignedMantissa, 12), exponent: signed(raw >>> 12, 4) };
}

/** A 32-bit FLOAT from its unsigned little-endian value. */
export function decodeFloat(raw: number): MedicalNumber {
	const unsignedMantissa = raw & 0x00ff_ffff;
	const isSpecial = special(unsignedMantissa, 0x007f_ffff);
	if (isSpecial) return { kind: 'special', special: isSpecial };
	return { kind: 'number', mantissa: signed(unsignedMantissa, 24), exponent: signed(raw >>> 24, 8) };
}

/** The SFLOAT bytes' value for a number; throws if it does not fit or would read as a special value (for simulated devices and tests). */
export function encodeSfloat(mantissa: number, exponent: number): number {
	if (!Number.isInteger(mantissa) || mantissa < -2045 || mantissa > 2045) throw new RangeError(`SFLOAT mantissa ${mantissa}`);
	if (!Number.isInteger(exponent) || exponent < -8 || exponent > 7) throw new RangeError(`SFLOAT exponent ${exponent}`);
	return ((exponent & 0x0f) << 12) | (mantissa & 0x0fff);
}

export function encodeFloat(mantissa: number, exponent: number): number {
	if (!Number.isInteger(mantissa) || mantissa < -(2 ** 23 - 3) || mantissa > 2 ** 23 - 3) throw new RangeError(`FLOAT mantissa ${mantissa}`);
	if (!Number.isInteger(exponent) || exponent < -128 || exponent > 127) throw new RangeError(`FLOAT exponent ${exponent}`);
	return (((exponent & 0xff) << 24) | (mantissa & 0x00ff_ffff)) >>> 0;
}

/** The exact decimal text of mantissa × 10^exponent: (3660, -2) → "36.60". */
export function decimalText(mantissa: number, exponent: number): string {
	const sign = mantissa < 0 ? '-' : '';
	const digits = Math.abs(mantissa).toString();
	if (exponent >= 0) return sign + (mantissa === 0 ? '0' : digits + '0'.repeat(exponent));
	const places = -exponent;
	const padded = digits.padStart(places + 1, '0');
	return `${sign}${padded.slice(0, -places)}.${padded.slice(-places)}`;
}

/** The nearest float, for charts and comparisons (never for display: use decimalText). */
export function numberValue(mantissa: number, exponent: number): number {
	return Number(decimalText(mantissa, exponent));
}

/** Decimals a number was sent with: 36.60 → 2, 120 → 0. */
export function decimalsOf(exponent: number): number {
	return Math.max(0, -exponent);
}
