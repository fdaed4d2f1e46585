import { describe, expect, it } from 'vitest';
import { isRequestName, REQUESTS } from './requests.js';

describe('REQUESTS', () => {
	it('normalises consultation codes to upper case and trims them', () => {
		const parsed = REQUESTS['room:join'].request.parse({
			consultationCode: ' kh-042 ',
			role: 'clinic',
			displayName: 'Dr Sok',
		});
		expect(parsed.consultationCode).toBe('KH-042');
	});

	it('rejects unknown keys, wrong roles and bad codes', () => {
		const join = REQUESTS['room:join'].request;
		expect(join.safeParse({ consultationCode: 'KH-042', role: 'clinic', displayName: 'x', admin: true }).success).toBe(false);
		expect(join.safeParse({ consultationCode: 'KH-042', role: 'nurse', displayName: 'x' }).success).toBe(false);
		expect(join.safeParse({ consultationCode: 'a b', role: 'clinic', displayName: 'x' }).success).toBe(false);
		expect(join.safeParse(null).success).toBe(false);
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
