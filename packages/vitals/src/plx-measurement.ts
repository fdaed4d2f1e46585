import { readCharacteristic, type GattDateTime, type GattParseResult, type GattReader } from './gatt-reader.js';
import type { MedicalNumber } from './ieee11073-number.js';

/** PLX Spot-Check Measurement, GATT characteristic 0x2A5E. */
export const PLX_SPOT_CHECK_MEASUREMENT = 0x2a5e;
/** PLX Continuous Measurement, GATT characteristic 0x2A5F. */
export const PLX_CONTINUOUS_MEASUREMENT = 0x2a5f;

export interface PlxReading {
	/** %. */
	readonly spo2: MedicalNumber;
	/** Beats per minute. */
	readonly pulseRate: MedicalNumber;
}

export interface PlxSpotCheck extends PlxReading {
	readonly timestamp: GattDateTime | undefined;
	readonly measurementStatus: number | undefined;
	readonly deviceAndSensorStatus: number | undefined;
	readonly pulseAmplitudeIndex: MedicalNumber | undefined;
	readonly deviceClockNotSet: boolean;
}

export interface PlxContinuous extends PlxReading {
	readonly fast: PlxReading | undefined;
	readonly slow: PlxReading | undefined;
	readonly measurementStatus: number | undefined;
	readonly deviceAndSensorStatus: number | undefined;
	readonly pulseAmplitudeIndex: MedicalNumber | undefined;
}

function plxReading(r: GattReader, name: string): PlxReading {
	return { spo2: r.sfloat(`${name} SpO2`), pulseRate: r.sfloat(`${name} pulse rate`) };
}

/*
 * Flags: bit 0 timestamp, bit 1 measurement status (uint16), bit 2 device
 * and sensor status (uint24), bit 3 pulse amplitude index (SFLOAT), bit 4
 * device clock not set. Fields: SpO2 SFLOAT, PR SFLOAT, then the optional
 * ones in that order.
 */
export function parsePlxSpotCheck(bytes: ArrayBufferView | ArrayBuffer): GattParseResult<PlxSpotCheck> {
	return readCharacteristic(bytes, (r) => {
		const flags = r.uint8('flags');
		const reading = plxReading(r, 'normal');
		return {
			...reading,
			timestamp: flags & 0x01 ? r.dateTime('timestamp') : undefined,
			measurementStatus: flags & 0x02 ? r.uint16('measurement status') : undefined,
			deviceAndSensorStatus: flags & 0x04 ? r.uint24('device and sensor status') : undefined,
			pulseAmplitudeIndex: flags & 0x08 ? r.sfloat('pulse amplitude index') : undefined,
			deviceClockNotSet: (flags & 0x10) !== 0,
		};
	});
}

/*
 * Flags: bit 0 SpO2PR-Fast, bit 1 SpO2PR-Slow, bit 2 measurement status,
 * bit 3 device and sensor status, bit 4 pulse amplitude index. Fields:
 * SpO2PR-Normal (two SFLOATs), then the optional ones in that order.
 */
export function parsePlxContinuous(bytes: ArrayBufferView | ArrayBuffer): GattParseResult<PlxContinuous> {
	return readCharacteristic(bytes, (r) => {
		const flags = r.uint8('flags');
		const reading = plxReading(r, 'normal');
		return {
			...reading,
			fast: flags & 0x01 ? plxReading(r, 'fast') : undefined,
			slow: flags & 0x02 ? plxReading(r, 'slow') : undefined,
			measurementStatus: flags & 0x04 ? r.uint16('measurement status') : undefined,
			deviceAndSensorStatus: flags & 0x08 ? r.uint24('device and sensor status') : undefined,
			pulseAmplitudeIndex: flags & 0x10 ? r.sfloat('pulse amplitude index') : undefined,
		};
	});
}
