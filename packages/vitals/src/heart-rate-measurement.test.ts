import { describe, expect, it } from 'vitest';
import { parseHeartRateMeasurement } from './heart-rate-measurement.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('Heart Rate Measurement 0x2A37', () => {
	it('reads a uint8 rate', () => {
		// flags 0x00: uint8 format, no contact, no energy, no RR; 0x48 = 72 /min.
		expect(parseHeartRateMeasurement(bytes(0x00, 0x48))).toEqual({
			ok: true,
			value: { heartRate: 72, sensorContact: undefined, energyExpendedKj: undefined, rrIntervalsS: [] },
		});
	});

	it('reads a uint16 rate', () => {
		// flags 0x01: uint16 format; 0x2C 0x01 little-endian = 0x012C = 300 /min.
		const result = parseHeartRateMeasurement(bytes(0x01, 0x2c, 0x01));
		expect(result.ok && result.value.heartRate).toBe(300);
	});

	it('reads contact, energy expended and RR intervals', () => {
		// flags 0x1E = 0b1_1110: bit 1 contact detected, bit 2 contact supported, bit 3 energy, bit 4 RR.
		// rate 0x48 = 72; energy 0x10 0x00 = 16 kJ; RR 0x00 0x04 = 1024/1024 = 1 s, 0x00 0x02 = 512/1024 = 0.5 s.
		expect(parseHeartRateMeasurement(bytes(0x1e, 0x48, 0x10, 0x00, 0x00, 0x04, 0x00, 0x02))).toEqual({
			ok: true,
			value: { heartRate: 72, sensorContact: 'detected', energyExpendedKj: 16, rrIntervalsS: [1, 0.5] },
		});
		// flags 0x04: contact supported (bit 2) but not detected (bit 1 clear).
		const lost = parseHeartRateMeasurement(bytes(0x04, 0x00));
		expect(lost.ok && lost.value.sensorContact).toBe('not-detected');
	});

	it('refuses truncated, over-long and malformed values', () => {
		expect(parseHeartRateMeasurement(bytes())).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		// uint16 format announced, one byte of rate sent.
		expect(parseHeartRateMeasurement(bytes(0x01, 0x2c))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		// energy announced (0x08), missing.
		expect(parseHeartRateMeasurement(bytes(0x08, 0x48))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
		// uint8 rate and no optional fields, one byte too many.
		expect(parseHeartRateMeasurement(bytes(0x00, 0x48, 0x00))).toMatchObject({ ok: false, error: { code: 'TRAILING_BYTES' } });
		// RR announced (0x10): an odd byte, then none at all.
		expect(parseHeartRateMeasurement(bytes(0x10, 0x48, 0x00))).toMatchObject({ ok: false, error: { code: 'INVALID_FIELD' } });
		expect(parseHeartRateMeasurement(bytes(0x10, 0x48))).toMatchObject({ ok: false, error: { code: 'INVALID_FIELD' } });
	});
});
