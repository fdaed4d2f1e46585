import { readCharacteristic, type GattParseResult } from './gatt-reader.js';

/** Heart Rate Measurement, GATT characteristic 0x2A37. */
export const HEART_RATE_MEASUREMENT = 0x2a37;

export interface HeartRateMeasurement {
	/** Beats per minute (a plain integer in this characteristic). */
	readonly heartRate: number;
	/** undefined when the sensor does not report contact. */
	readonly sensorContact: 'detected' | 'not-detected' | undefined;
	/** Kilojoules since the last reset. */
	readonly energyExpendedKj: number | undefined;
	/** RR intervals in seconds (sent in units of 1/1024 s), oldest first. */
	readonly rrIntervalsS: readonly number[];
}

/*
 * Flags: bit 0 heart-rate format (0 uint8, 1 uint16); bits 1–2 sensor contact
 * (bit 2 "supported", bit 1 "detected"); bit 3 energy expended present
 * (uint16 kJ); bit 4 RR intervals present (uint16 each, to the end).
 */
export function parseHeartRateMeasurement(bytes: ArrayBufferView | ArrayBuffer): GattParseResult<HeartRateMeasurement> {
	return readCharacteristic(bytes, (r) => {
		const flags = r.uint8('flags');
		const heartRate = flags & 0x01 ? r.uint16('heart rate') : r.uint8('heart rate');
		const sensorContact = flags & 0x04 ? (flags & 0x02 ? 'detected' : 'not-detected') : undefined;
		const energyExpendedKj = flags & 0x08 ? r.uint16('energy expended') : undefined;
		const rrIntervalsS: number[] = [];
		if (flags & 0x10) {
			if (r.remaining === 0 || r.remaining % 2 !== 0) r.invalid('RR intervals');
			while (r.remaining > 0) rrIntervalsS.push(r.uint16('RR interval') / 1024);
		}
		return { heartRate, sensorContact, energyExpendedKj, rrIntervalsS };
	});
}
