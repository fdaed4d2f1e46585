import { encodeFloat, encodeSfloat } from './ieee11073-number.js';
import type { GattDateTime } from './gatt-reader.js';

/** Builds a little-endian characteristic value, the way a device does (simulated devices and tests). */
export class ByteWriter {
	readonly #bytes: number[] = [];

	uint8(value: number): this {
		this.#bytes.push(value & 0xff);
		return this;
	}

	uint16(value: number): this {
		return this.uint8(value).uint8(value >>> 8);
	}

	uint24(value: number): this {
		return this.uint16(value).uint8(value >>> 16);
	}

	uint32(value: number): this {
		return this.uint16(value).uint16(value >>> 16);
	}

	sfloat(mantissa: number, exponent: number): this {
		return this.uint16(encodeSfloat(mantissa, exponent));
	}

	float(mantissa: number, exponent: number): this {
		return this.uint32(encodeFloat(mantissa, exponent));
	}

	dateTime(at: GattDateTime): this {
		return this.uint16(at.year).uint8(at.month).uint8(at.day).uint8(at.hours).uint8(at.minutes).uint8(at.seconds);
	}

	toBytes(): Uint8Array {
		return Uint8Array.from(this.#bytes);
	}
}

/** A time as GATT Date Time in the clinic's zone (the inverse of dateTimeMs, to the second). */
export function gattDateTime(ms: number): GattDateTime {
	const d = new Date(ms);
	return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hours: d.getHours(), minutes: d.getMinutes(), seconds: d.getSeconds() };
}
