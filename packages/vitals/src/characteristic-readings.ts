import { VITAL_KINDS, vitalReadingSchema, type DeviceKind, type VitalCode, type VitalReading } from '@consultdesk/protocol';
import { parseBloodPressureMeasurement, BLOOD_PRESSURE_MEASUREMENT } from './blood-pressure-measurement.js';
import { dateTimeMs, parseError, parsed, type GattParseResult } from './gatt-reader.js';
import { parseHeartRateMeasurement, HEART_RATE_MEASUREMENT } from './heart-rate-measurement.js';
import { decimalsOf, numberValue, type MedicalNumber } from './ieee11073-number.js';
import { parsePlxContinuous, parsePlxSpotCheck, PLX_CONTINUOUS_MEASUREMENT, PLX_SPOT_CHECK_MEASUREMENT } from './plx-measurement.js';
import { parseTemperatureMeasurement, TEMPERATURE_MEASUREMENT } from './temperature-measurement.js';
import { parseWeightMeasurement, WEIGHT_MEASUREMENT } from './weight-measurement.js';

/** What one characteristic value says, in the registry's codes and units. */
export interface CharacteristicReadings {
	readonly readings: VitalReading[];
	/** Kinds the device sent a special value for (NaN, NRes, ±INFINITY, reserved) or an impossible one: shown as "no reading". */
	readonly noReading: VitalCode[];
	/** The device's own timestamp, when it sent a complete one. */
	readonly measuredAt: number | undefined;
}

/** Factor and added decimals from a device's unit to the registry's unit (°F is handled on its own). */
const CONVERSIONS: Record<string, { factor: number; extraDecimals: number }> = {
	// 1 kPa = 7.50062 mmHg: 0.1 kPa steps are 0.75 mmHg, so one decimal fewer.
	kPa: { factor: 7.500_615_758, extraDecimals: -1 },
	'[lb_av]': { factor: 0.453_592_37, extraDecimals: 0 },
	'[in_i]': { factor: 0.0254, extraDecimals: 2 },
};

/**
 * Converts one device number to a reading of `code`. Numbers in the
 * registry's unit keep the device's exact precision; converted ones are
 * rounded to the precision the device's step has in the new unit.
 */
export function toReading(code: VitalCode, value: MedicalNumber, deviceUnit: string = VITAL_KINDS[code].unit): VitalReading | undefined {
	if (value.kind === 'special') return undefined;
	let number = numberValue(value.mantissa, value.exponent);
	let decimals = decimalsOf(value.exponent);
	if (deviceUnit !== VITAL_KINDS[code].unit) {
		if (deviceUnit === '[degF]') {
			number = ((number - 32) * 5) / 9;
		} else {
			const conversion = CONVERSIONS[deviceUnit];
			if (!conversion) return undefined;
			number *= conversion.factor;
			decimals = Math.max(0, decimals + conversion.extraDecimals);
		}
		number = Number(number.toFixed(decimals));
	}
	const reading = vitalReadingSchema.safeParse({ code, value: number, unit: VITAL_KINDS[code].unit, decimals: Math.min(decimals, 6) });
	return reading.success ? reading.data : undefined;
}

class ReadingsBuilder {
	readonly readings: VitalReading[] = [];
	readonly noReading: VitalCode[] = [];

	add(code: VitalCode, value: MedicalNumber | undefined, deviceUnit?: string): this {
		if (value === undefined) return this;
		const reading = toReading(code, value, deviceUnit);
		if (reading) this.readings.push(reading);
		else this.noReading.push(code);
		return this;
	}

	build(measuredAt: number | undefined): CharacteristicReadings {
		return { readings: this.readings, noReading: this.noReading, measuredAt };
	}
}

const integer = (value: number): MedicalNumber => ({ kind: 'number', mantissa: value, exponent: 0 });

/** Which device kind sends each characteristic. */
export const CHARACTERISTIC_DEVICE: Record<number, DeviceKind> = {
	[HEART_RATE_MEASUREMENT]: 'heart-rate-monitor',
	[PLX_SPOT_CHECK_MEASUREMENT]: 'pulse-oximeter',
	[PLX_CONTINUOUS_MEASUREMENT]: 'pulse-oximeter',
	[TEMPERATURE_MEASUREMENT]: 'thermometer',
	[BLOOD_PRESSURE_MEASUREMENT]: 'blood-pressure-monitor',
	[WEIGHT_MEASUREMENT]: 'weight-scale',
};

/**
 * The readings in one value of a measurement characteristic. Intermediate
 * cuff pressure (0x2A36) is not a measurement of the patient and is not
 * handled here: it is progress while the cuff deflates.
 */
export function readingsFromCharacteristic(characteristic: number, bytes: ArrayBufferView | ArrayBuffer): GattParseResult<CharacteristicReadings> {
	switch (characteristic) {
		case HEART_RATE_MEASUREMENT: {
			const result = parseHeartRateMeasurement(bytes);
			if (!result.ok) return result;
			// A strap without skin contact reports 0 or noise: no reading.
			const contactLost = result.value.sensorContact === 'not-detected';
			return parsed(new ReadingsBuilder().add('heart-rate', contactLost ? { kind: 'special', special: 'nan' } : integer(result.value.heartRate)).build(undefined));
		}
		case PLX_SPOT_CHECK_MEASUREMENT:
		case PLX_CONTINUOUS_MEASUREMENT: {
			const result = characteristic === PLX_SPOT_CHECK_MEASUREMENT ? parsePlxSpotCheck(bytes) : parsePlxContinuous(bytes);
			if (!result.ok) return result;
			const at = 'timestamp' in result.value && !result.value.deviceClockNotSet ? dateTimeMs(result.value.timestamp) : undefined;
			return parsed(new ReadingsBuilder().add('spo2', result.value.spo2).add('pulse-rate', result.value.pulseRate).build(at));
		}
		case TEMPERATURE_MEASUREMENT: {
			const result = parseTemperatureMeasurement(bytes);
			if (!result.ok) return result;
			const { temperature, unit, timestamp } = result.value;
			return parsed(new ReadingsBuilder().add('body-temperature', temperature, unit).build(dateTimeMs(timestamp)));
		}
		case BLOOD_PRESSURE_MEASUREMENT: {
			const result = parseBloodPressureMeasurement(bytes);
			if (!result.ok) return result;
			const m = result.value;
			return parsed(
				new ReadingsBuilder()
					.add('bp-systolic', m.systolic, m.unit)
					.add('bp-diastolic', m.diastolic, m.unit)
					.add('bp-mean', m.meanArterial, m.unit)
					.add('pulse-rate', m.pulseRate)
					.build(dateTimeMs(m.timestamp)),
			);
		}
		case WEIGHT_MEASUREMENT: {
			const result = parseWeightMeasurement(bytes);
			if (!result.ok) return result;
			const m = result.value;
			return parsed(
				new ReadingsBuilder()
					.add('body-weight', m.weight, m.unit)
					.add('body-height', m.height, m.heightUnit)
					.add('bmi', m.bmi)
					.build(dateTimeMs(m.timestamp)),
			);
		}
		default:
			return parseError('UNKNOWN_CHARACTERISTIC', `0x${characteristic.toString(16)}`);
	}
}
