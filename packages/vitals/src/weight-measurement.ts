import { readCharacteristic, type GattDateTime, type GattParseResult } from './gatt-reader.js';
import type { MedicalNumber } from './ieee11073-number.js';

/** Weight Measurement, GATT characteristic 0x2A9D. */
export const WEIGHT_MEASUREMENT = 0x2a9d;

export interface WeightMeasurement {
	/** "Measurement unsuccessful" (0xFFFF) is the special value NaN. */
	readonly weight: MedicalNumber;
	readonly unit: 'kg' | '[lb_av]';
	readonly timestamp: GattDateTime | undefined;
	readonly userId: number | undefined;
	readonly bmi: MedicalNumber | undefined;
	readonly height: MedicalNumber | undefined;
	readonly heightUnit: 'm' | '[in_i]';
}

/*
 * Flags: bit 0 units (0 SI: kg and m; 1 imperial: lb and in), bit 1
 * timestamp, bit 2 user id (uint8), bit 3 BMI and height (uint16 each).
 * Weight is a uint16 in steps of 0.005 kg or 0.01 lb; BMI in 0.1 kg/m²;
 * height in 0.001 m or 0.1 in. Kept as mantissa × 10^exponent so the step
 * the scale weighs in stays visible (0.005 kg: raw × 5 × 10^-3).
 */
export function parseWeightMeasurement(bytes: ArrayBufferView | ArrayBuffer): GattParseResult<WeightMeasurement> {
	return readCharacteristic(bytes, (r) => {
		const flags = r.uint8('flags');
		const imperial = (flags & 0x01) !== 0;
		const raw = r.uint16('weight');
		const weight: MedicalNumber =
			raw === 0xffff ? { kind: 'special', special: 'nan' } : imperial ? { kind: 'number', mantissa: raw, exponent: -2 } : { kind: 'number', mantissa: raw * 5, exponent: -3 };
		const timestamp = flags & 0x02 ? r.dateTime('timestamp') : undefined;
		const userId = flags & 0x04 ? r.uint8('user id') : undefined;
		let bmi: MedicalNumber | undefined;
		let height: MedicalNumber | undefined;
		if (flags & 0x08) {
			bmi = { kind: 'number', mantissa: r.uint16('BMI'), exponent: -1 };
			height = imperial ? { kind: 'number', mantissa: r.uint16('height'), exponent: -1 } : { kind: 'number', mantissa: r.uint16('height'), exponent: -3 };
		}
		return { weight, unit: imperial ? '[lb_av]' : 'kg', timestamp, userId, bmi, height, heightUnit: imperial ? '[in_i]' : 'm' };
	});
}
