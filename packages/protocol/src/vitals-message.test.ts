import { describe, expect, it } from 'vitest';
import { decodeVitalsMessage, encodeVitalsMessage, type VitalsMessage } from './vitals-message.js';

const message: VitalsMessage = {
	v: 1,
	seq: 7,
	deviceId: 'sim-oximeter-1',
	deviceKind: 'pulse-oximeter',
	measuredAt: 1_763_780_000_000,
	readings: [
		{ code: 'spo2', value: 97, unit: '%' },
		{ code: 'pulse-rate', value: 72, unit: '/min' },
	],
};

describe('vitals message', () => {
	it('round-trips through JSON', () => {
		expect(decodeVitalsMessage(encodeVitalsMessage(message))).toEqual(message);
	});

	it('refuses a reading with the wrong unit or out of range', () => {
		const wrongUnit = { ...message, readings: [{ code: 'spo2', value: 97, unit: '/min' }] };
		expect(() => decodeVitalsMessage(JSON.stringify(wrongUnit))).toThrow();
		const impossible = { ...message, readings: [{ code: 'spo2', value: 140, unit: '%' }] };
		expect(() => decodeVitalsMessage(JSON.stringify(impossible))).toThrow();
	});

	it('refuses text that is not JSON', () => {
		expect(() => decodeVitalsMessage('{"v":1,')).toThrow(SyntaxError);
	});
});
