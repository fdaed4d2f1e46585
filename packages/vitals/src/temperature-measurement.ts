import { readCharacteristic, type GattDateTime, type GattParseResult } from './gatt-reader.js';
import type { MedicalNumber } from './ieee11073-number.js';

/** Temperature Measurement, GATT characteristic 0x2A1C. */
export const TEMPERATURE_MEASUREMENT = 0x2a1c;

/** Temperature Type (0x2A1D) values 1–9. */
export const TEMPERATURE_SITES = ['armpit', 'body', 'ear', 'finger', 'gastrointestinal', 'mouth', 'rectum', 'toe', 'tympanum'] as const;
export type TemperatureSite = (typeof TEMPERATURE_SITES)[number];

export interface TemperatureMeasurement {
	readonly temperature: MedicalNumber;
	readonly unit: 'Cel' | '[degF]';
	readonly timestamp: GattDateTime | undefined;
	readonly site: TemperatureSite | undefined;
}

/*
 * Flags: bit 0 unit (0 °C, 1 °F), bit 1 timestamp present, bit 2
 * temperature type present. Fields: temperature FLOAT, timestamp, type uint8.
 */
export function parseTemperatureMeasurement(bytes: ArrayBufferView | ArrayBuffer): GattParseResult<TemperatureMeasurement> {
	return readCharacteristic(bytes, (r) => {
		const flags = r.uint8('flags');
		const temperature = r.float('temperature');
		const timestamp = flags & 0x02 ? r.dateTime('timestamp') : undefined;
		let site: TemperatureSite | undefined;
		if (flags & 0x04) {
			site = TEMPERATURE_SITES[r.uint8('temperature type') - 1];
			if (!site) r.invalid('temperature type');
		}
		return { temperature, unit: flags & 0x01 ? '[degF]' : 'Cel', timestamp, site };
	});
}
