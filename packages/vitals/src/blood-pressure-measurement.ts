import { readCharacteristic, type GattDateTime, type GattParseResult } from './gatt-reader.js';
import type { MedicalNumber } from './ieee11073-number.js';

/** Blood Pressure Measurement, GATT characteristic 0x2A35 (the final result, indicated). */
export const BLOOD_PRESSURE_MEASUREMENT = 0x2a35;
/** Intermediate Cuff Pressure, GATT characteristic 0x2A36 (same layout, notified while the cuff deflates). */
export const INTERMEDIATE_CUFF_PRESSURE = 0x2a36;

export interface BloodPressureMeasurement {
	readonly systolic: MedicalNumber;
	readonly diastolic: MedicalNumber;
	readonly meanArterial: MedicalNumber;
	readonly unit: 'mm[Hg]' | 'kPa';
	readonly timestamp: GattDateTime | undefined;
	readonly pulseRate: MedicalNumber | undefined;
	readonly userId: number | undefined;
	/** Bit field: body movement, cuff fit, irregular pulse, pulse range, position. */
	readonly status: number | undefined;
}

/** Intermediate cuff pressure: the current pressure (the systolic field); the others are NaN by specification. */
export interface IntermediateCuffPressure {
	readonly cuffPressure: MedicalNumber;
	readonly unit: 'mm[Hg]' | 'kPa';
	readonly timestamp: GattDateTime | undefined;
	readonly pulseRate: MedicalNumber | undefined;
	readonly userId: number | undefined;
	readonly status: number | undefined;
}

/*
 * Flags: bit 0 unit (0 mmHg, 1 kPa), bit 1 timestamp, bit 2 pulse rate
 * (SFLOAT), bit 3 user id (uint8), bit 4 measurement status (uint16).
 * Fields: systolic, diastolic, mean arterial pressure (SFLOAT each), then the
 * optional ones in that order.
 */
export function parseBloodPressureMeasurement(bytes: ArrayBufferView | ArrayBuffer): GattParseResult<BloodPressureMeasurement> {
	return readCharacteristic(bytes, (r) => {
		const flags = r.uint8('flags');
		return {
			systolic: r.sfloat('systolic'),
			diastolic: r.sfloat('diastolic'),
			meanArterial: r.sfloat('mean arterial pressure'),
			unit: flags & 0x01 ? 'kPa' : 'mm[Hg]',
			timestamp: flags & 0x02 ? r.dateTime('timestamp') : undefined,
			pulseRate: flags & 0x04 ? r.sfloat('pulse rate') : undefined,
			userId: flags & 0x08 ? r.uint8('user id') : undefined,
			status: flags & 0x10 ? r.uint16('measurement status') : undefined,
		};
	});
}

export function parseIntermediateCuffPressure(bytes: ArrayBufferView | ArrayBuffer): GattParseResult<IntermediateCuffPressure> {
	const result = parseBloodPressureMeasurement(bytes);
	if (!result.ok) return result;
	const { systolic, diastolic: _d, meanArterial: _m, ...rest } = result.value;
	return { ok: true, value: { cuffPressure: systolic, ...rest } };
}
