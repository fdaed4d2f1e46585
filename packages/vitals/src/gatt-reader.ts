import { decodeFloat, decodeSfloat, type MedicalNumber } from './ieee11073-number.js';

/** Why a characteristic value could not be read; the UI translates the code. */
export type GattParseErrorCode = 'TRUNCATED' | 'TRAILING_BYTES' | 'INVALID_FIELD' | 'UNKNOWN_CHARACTERISTIC';

export interface GattParseError {
	readonly code: GattParseErrorCode;
	/** For logs and developers: names the field, never the measured value. */
	readonly detail: string;
}

export type GattParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: GattParseError };

export function parsed<T>(value: T): GattParseResult<T> {
	return { ok: true, value };
}

export function parseError(code: GattParseErrorCode, detail: string): GattParseResult<never> {
	return { ok: false, error: { code, detail } };
}

/** Thrown only inside a parser by GattReader and turned into a value by readCharacteristic(); never escapes. */
class Truncated extends Error {}
class Invalid extends Error {}

/** GATT "Date Time" (0x2A08) as sent: year 0, month 0 or day 0 mean "not known". */
export interface GattDateTime {
	readonly year: number;
	readonly month: number;
	readonly day: number;
	readonly hours: number;
	readonly minutes: number;
	readonly seconds: number;
}

/** Little-endian fields read in order from one characteristic value. */
export class GattReader {
	#offset = 0;
	constructor(private readonly view: DataView) {}

	get remaining(): number {
		return this.view.byteLength - this.#offset;
	}

	#need(bytes: number, field: string): number {
		if (this.remaining < bytes) throw new Truncated(field);
		const at = this.#offset;
		this.#offset += bytes;
		return at;
	}

	uint8(field: string): number {
		return this.view.getUint8(this.#need(1, field));
	}

	uint16(field: string): number {
		return this.view.getUint16(this.#need(2, field), true);
	}

	uint24(field: string): number {
		const at = this.#need(3, field);
		return this.view.getUint16(at, true) | (this.view.getUint8(at + 2) << 16);
	}

	sfloat(field: string): MedicalNumber {
		return decodeSfloat(this.uint16(field));
	}

	float(field: string): MedicalNumber {
		return decodeFloat(this.view.getUint32(this.#need(4, field), true));
	}

	dateTime(field: string): GattDateTime {
		const dateTime = {
			year: this.uint16(field),
			month: this.uint8(field),
			day: this.uint8(field),
			hours: this.uint8(field),
			minutes: this.uint8(field),
			seconds: this.uint8(field),
		};
		const unknownOr = (value: number, min: number, max: number) => value === 0 || (value >= min && value <= max);
		const valid =
			(dateTime.year === 0 || (dateTime.year >= 1582 && dateTime.year <= 9999)) &&
			unknownOr(dateTime.month, 1, 12) &&
			unknownOr(dateTime.day, 1, 31) &&
			dateTime.hours <= 23 &&
			dateTime.minutes <= 59 &&
			dateTime.seconds <= 59;
		if (!valid) throw new Invalid(field);
		return dateTime;
	}

	/** A field's value is out of its defined range. */
	invalid(field: string): never {
		throw new Invalid(field);
	}
}

/**
 * Runs a parser over a characteristic value: a value too short, too long or
 * with an impossible field becomes an error value, never an exception or a
 * partly read number.
 */
export function readCharacteristic<T>(bytes: ArrayBufferView | ArrayBuffer, parse: (reader: GattReader) => T): GattParseResult<T> {
	const view = bytes instanceof ArrayBuffer ? new DataView(bytes) : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const reader = new GattReader(view);
	try {
		const value = parse(reader);
		if (reader.remaining > 0) return parseError('TRAILING_BYTES', `${reader.remaining} bytes after the last field`);
		return parsed(value);
	} catch (error) {
		if (error instanceof Truncated) return parseError('TRUNCATED', error.message);
		if (error instanceof Invalid) return parseError('INVALID_FIELD', error.message);
		throw error;
	}
}

/** The device's clock as a time on the clinic's clock, when every part is known. */
export function dateTimeMs(dateTime: GattDateTime | undefined): number | undefined {
	if (!dateTime || dateTime.year === 0 || dateTime.month === 0 || dateTime.day === 0) return undefined;
	// Devices keep local time without a zone: the clinic's own zone is the best reading of it.
	return new Date(dateTime.year, dateTime.month - 1, dateTime.day, dateTime.hours, dateTime.minutes, dateTime.seconds).getTime();
}
