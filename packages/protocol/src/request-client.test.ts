import { describe, expect, it } from 'vitest';
import { ProtocolError } from './error-codes.js';
import { sendRequest, type RequestSocket } from './request-client.js';

function socketAnswering(answer: unknown | Error): RequestSocket {
	return {
		timeout: () => ({
			emitWithAck: async () => {
				if (answer instanceof Error) throw answer;
				return answer;
			},
		}),
	};
}

describe('sendRequest', () => {
	it('resolves with the data of a valid answer', async () => {
		const data = await sendRequest(socketAnswering({ ok: true, data: { producerId: 'p1' } }), 'producer:create', {
			transportId: 't',
			kind: 'audio',
			source: 'voice',
			rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000 }] },
		});
		expect(data).toEqual({ producerId: 'p1' });
	});

	it('turns an error answer into a ProtocolError with its code', async () => {
		const socket = socketAnswering({ ok: false, error: { code: 'NOT_IN_ROOM', message: 'join first' } });
		await expect(sendRequest(socket, 'room:leave', {})).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
	});

	it('reports a missing answer as TIMEOUT and a malformed one as INVALID_PAYLOAD', async () => {
		await expect(sendRequest(socketAnswering(new Error('operation has timed out')), 'room:leave', {})).rejects.toEqual(
			new ProtocolError('TIMEOUT', 'no answer to room:leave within 10000 ms'),
		);
		await expect(
			sendRequest(socketAnswering({ ok: true, data: { nope: 1 } }), 'consumer:resume', { consumerId: 'c' }),
		).resolves.toEqual({});
		await expect(
			sendRequest(socketAnswering({ ok: true, data: {} }), 'producer:create', {
				transportId: 't',
				kind: 'audio',
				source: 'voice',
				rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000 }] },
			}),
		).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
	});
});
