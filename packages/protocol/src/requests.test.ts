import { describe, expect, it } from 'vitest';
import { isRequestName, REQUESTS } from './requests.js';

describe('REQUESTS', () => {
	it('takes no seat or name from the client when joining a room: the account decides', () => {
		const join = REQUESTS['room:join'].request;
		expect(join.safeParse({ consultationId: 'c1' }).success).toBe(true);
		expect(join.safeParse({ consultationId: 'c1', role: 'expert' }).success).toBe(false);
		expect(join.safeParse({ consultationId: 'c1', displayName: 'Dr Who' }).success).toBe(false);
		expect(join.safeParse({ consultationId: '' }).success).toBe(false);
		expect(join.safeParse(null).success).toBe(false);
	});

	it('checks a consultation request: known specialty and urgency, a reason of sensible length', () => {
		const request = REQUESTS['consultation:request'].request;
		const good = { patientId: 'p1', reason: 'Wheeze for 3 days', specialty: 'respiratory', urgency: 'urgent' };
		expect(request.safeParse(good).success).toBe(true);
		expect(request.safeParse({ ...good, urgency: 'whenever' }).success).toBe(false);
		expect(request.safeParse({ ...good, specialty: 'astrology' }).success).toBe(false);
		expect(request.safeParse({ ...good, reason: '   ' }).success).toBe(false);
		expect(request.safeParse({ ...good, reason: 'x'.repeat(2001) }).success).toBe(false);
	});

	it('accepts clinic-local patient references and refuses anything that could carry markup', () => {
		const register = REQUESTS['patient:register'].request;
		expect(register.parse({ reference: ' KC-2024/0183 ' })).toEqual({ reference: 'KC-2024/0183', sex: 'unknown' });
		expect(register.safeParse({ reference: 'ក-១២' }).success).toBe(true);
		expect(register.safeParse({ reference: '<script>' }).success).toBe(false);
		expect(register.safeParse({ reference: 'x'.repeat(41) }).success).toBe(false);
	});

	it('accepts the rtpParameters a browser sends for Opus and rejects nonsense', () => {
		const produce = REQUESTS['producer:create'].request;
		const good = {
			transportId: 't1',
			kind: 'audio',
			source: 'stethoscope',
			rtpParameters: {
				mid: '0',
				codecs: [
					{
						mimeType: 'audio/opus',
						payloadType: 111,
						clockRate: 48000,
						channels: 2,
						parameters: { stereo: 1, usedtx: 0, useinbandfec: 1, maxaveragebitrate: 128000 },
						rtcpFeedback: [{ type: 'transport-cc', parameter: '' }],
					},
				],
				headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 }],
				encodings: [{ ssrc: 1234, dtx: false }],
				rtcp: { cname: 'abc', reducedSize: true },
			},
		};
		expect(produce.safeParse(good).success).toBe(true);
		expect(produce.safeParse({ ...good, source: 'webcam' }).success).toBe(false);
		expect(produce.safeParse({ ...good, rtpParameters: { codecs: [] } }).success).toBe(false);
		expect(
			produce.safeParse({ ...good, rtpParameters: { codecs: [{ mimeType: 'x', payloadType: 500, clockRate: 1 }] } })
				.success,
		).toBe(false);
	});

	it('knows its own event names and nothing else', () => {
		expect(isRequestName('room:join')).toBe(true);
		expect(isRequestName('toString')).toBe(false);
		expect(isRequestName('admin:drop-tables')).toBe(false);
	});
});

describe('observation requests', () => {
	const observation = {
		id: '0b7e4c1e-3f7a-4c39-9d53-2f1f5b0b8a11',
		seq: 0,
		deviceId: 'ox-1',
		deviceKind: 'pulse-oximeter',
		measuredAt: 1_763_780_000_000,
		readings: [{ code: 'spo2', value: 97, unit: '%', decimals: 0 }],
	};

	it('takes a batch of valid observations and nothing else', () => {
		const submit = REQUESTS['observation:submit'].request;
		expect(submit.safeParse({ consultationId: 'c1', observations: [observation] }).success).toBe(true);
		expect(submit.safeParse({ consultationId: 'c1', observations: [] }).success).toBe(false);
		expect(submit.safeParse({ consultationId: 'c1', observations: Array(101).fill(observation) }).success).toBe(false);
		expect(submit.safeParse({ consultationId: 'c1', observations: [{ ...observation, id: 'not-a-uuid' }] }).success).toBe(false);
		expect(submit.safeParse({ consultationId: 'c1', observations: [{ ...observation, readings: [{ code: 'spo2', value: 970, unit: '%', decimals: 0 }] }] }).success).toBe(false);
		expect(submit.safeParse({ consultationId: 'c1', observations: [observation], clinicId: 'x' }).success).toBe(false);
	});
});
