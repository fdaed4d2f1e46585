/**
 * Error codes a request can be answered with. They are stable identifiers the
 * UI translates; the message that travels with them is for logs and developers.
 */
export const ERROR_CODES = [
	'INVALID_PAYLOAD',
	'UNKNOWN_EVENT',
	'NOT_IN_ROOM',
	'ALREADY_IN_ROOM',
	'ROLE_TAKEN',
	'FORBIDDEN_SOURCE',
	'NOT_FOUND',
	'MEDIA_REJECTED',
	'ROOM_CLOSED',
	'LIMIT_REACHED',
	'TIMEOUT',
	'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolErrorBody {
	code: ErrorCode;
	message: string;
}

/** A request that the other side answered with an error, or did not answer. */
export class ProtocolError extends Error {
	override readonly name = 'ProtocolError';

	constructor(
		readonly code: ErrorCode,
		message: string,
	) {
		super(message);
	}

	toBody(): ProtocolErrorBody {
		return { code: this.code, message: this.message };
	}
}
