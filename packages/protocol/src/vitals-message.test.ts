import { describe, expect, it } from 'vitest';
import { decodeVitalsMessage, encodeVitalsMessage, type VitalsMessage, type VitalsObservation } from './vitals-message.js';

const oximetry: VitalsObservation = {
	id: '0b7e4c1e-3f7a-4c39-9d53-2f1f5b0b8a11',
	seq: 7,
	deviceId: 'sim-oximeter-1',
	deviceKind: 'pulse-oximeter',
	measuredAt: 1_763_780_000_000,
	readings: [
		{ code: 'spo2', value: 97, unit: '%', decimals: 0 },
		{ code: 'pulse-rate', value: 72, unit: '/min', decimals: 0 },
	],
};
const temperature: VitalsObservation = {
	id: '5d0c2a3e-8d8b-4b2a-a1f3-9e6c7d4b1c22',
	seq: 0,
	deviceId: 'sim-thermometer-1',
	deviceKind: 'thermometer',
	measuredAt: 1_763_780_000_500,
	readings: [{ code: 'body-temperature', value: 36.6, unit: 'Cel', decimals: 2 }],
};
const message: VitalsMessage = { v: 2, observations: [oximetry, temperature] };

describe('vitals message', () => {
	it('round-trips several devices through JSON', () => {
		expect(decodeVitalsMessage(encodeVitalsMessage(message))).toEqual(message);
	});

	it('refuses a reading with the wrong unit or out of range', () => {
		const wrongUnit = { v: 2, observations: [{ ...oximetry, readings: [{ code: 'spo2', value: 97, unit: '/min', decimals: 0 }] }] };
		expect(() => decodeVitalsMessage(JSON.stringify(wrongUnit))).toThrow();
		const impossible = { v: 2, observations: [{ ...oximetry, readings: [{ code: 'spo2', value: 140, unit: '%', decimals: 0 }] }] };
		expect(() => decodeVitalsMessage(JSON.stringify(impossible))).toThrow();
		const fahrenheit = { v: 2, observations: [{ ...temperature, readings: [{ code: 'body-temperature', value: 98, unit: '[degF]', decimals: 0 }] }] };
		expect(() => decodeVitalsMessage(JSON.stringify(fahrenheit))).toThrow();
	});

	it('refuses an observation without a UUID, and the version-1 message', () => {
		expect(() => decodeVitalsMessage(JSON.stringify({ v: 2, observations: [{ ...oximetry, id: 'seven' }] }))).toThrow();
		const { id: _id, ...v1 } = oximetry;
		expect(() => decodeVitalsMessage(JSON.stringify({ v: 1, ...v1 }))).toThrow();
	});

	it('refuses text that is not JSON', () => {
		expect(() => decodeVitalsMessage('{"v":2,')).toThrow(SyntaxError);
	});
});
