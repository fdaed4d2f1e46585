import type { DeviceKind } from '@consultdesk/protocol';
import { BLOOD_PRESSURE_MEASUREMENT, INTERMEDIATE_CUFF_PRESSURE } from './blood-pressure-measurement.js';
import { HEART_RATE_MEASUREMENT } from './heart-rate-measurement.js';
import { PLX_CONTINUOUS_MEASUREMENT, PLX_SPOT_CHECK_MEASUREMENT } from './plx-measurement.js';
import { TEMPERATURE_MEASUREMENT } from './temperature-measurement.js';
import { WEIGHT_MEASUREMENT } from './weight-measurement.js';

/** Device kinds that are Bluetooth health devices (the spirometer is typed in by hand). */
export type BluetoothDeviceKind = Exclude<DeviceKind, 'spirometer'>;

/** The GATT service a kind of device offers and the characteristics that carry its measurements. */
export interface GattVitalsService {
	/** 16-bit assigned number of the primary service. */
	readonly service: number;
	/**
	 * Measurement characteristics, notified or indicated. A device has at
	 * least one of them (a pulse oximeter may offer spot-check, continuous or
	 * both); each that it has is subscribed.
	 */
	readonly measurements: readonly number[];
	/** Progress while measuring (the cuff's pressure as it deflates): shown at the clinic, never a reading. */
	readonly progress?: number;
}

/** Bluetooth SIG assigned numbers: Heart Rate, Pulse Oximeter, Health Thermometer, Blood Pressure and Weight Scale services. */
export const GATT_VITALS_SERVICES: Record<BluetoothDeviceKind, GattVitalsService> = {
	'pulse-oximeter': { service: 0x1822, measurements: [PLX_SPOT_CHECK_MEASUREMENT, PLX_CONTINUOUS_MEASUREMENT] },
	'heart-rate-monitor': { service: 0x180d, measurements: [HEART_RATE_MEASUREMENT] },
	thermometer: { service: 0x1809, measurements: [TEMPERATURE_MEASUREMENT] },
	'blood-pressure-monitor': { service: 0x1810, measurements: [BLOOD_PRESSURE_MEASUREMENT], progress: INTERMEDIATE_CUFF_PRESSURE },
	'weight-scale': { service: 0x181d, measurements: [WEIGHT_MEASUREMENT] },
};

export const BLUETOOTH_DEVICE_KINDS = Object.keys(GATT_VITALS_SERVICES) as BluetoothDeviceKind[];
