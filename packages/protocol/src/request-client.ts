import { z } from 'zod';
import { ERROR_CODES, ProtocolError } from './error-codes.js';
import { REQUESTS, type RequestName, type RequestPayload, type ResponseData } from './requests.js';

/** The part of a socket.io-client Socket that requests need. */
export interface RequestSocket {
	timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
}

const errorAckSchema = z.object({
	ok: z.literal(false),
	error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
});

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends a request and resolves with the validated answer's data; rejects with a
 * ProtocolError carrying the server's code, TIMEOUT, or INVALID_PAYLOAD when
 * the answer itself does not match the protocol.
 */
export async function sendRequest<E extends RequestName>(
	socket: RequestSocket,
	event: E,
	payload: RequestPayload<E>,
	timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
): Promise<ResponseData<E>> {
	let answer: unknown;
	try {
		answer = await socket.timeout(timeoutMs).emitWithAck(event, payload);
	} catch {
		throw new ProtocolError('TIMEOUT', `no answer to ${event} within ${timeoutMs} ms`);
	}
	const failed = errorAckSchema.safeParse(answer);
	if (failed.success) throw new ProtocolError(failed.data.error.code, failed.data.error.message);
	const succeeded = z.object({ ok: z.literal(true), data: REQUESTS[event].response }).safeParse(answer);
	if (!succeeded.success) {
		throw new ProtocolError('INVALID_PAYLOAD', `malformed answer to ${event}: ${z.prettifyError(succeeded.error)}`);
	}
	return succeeded.data.data as ResponseData<E>;
}
