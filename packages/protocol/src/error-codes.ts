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
	// Accounts and authorization.
	'UNAUTHENTICATED',
	'INVALID_CREDENTIALS',
	'TOKEN_EXPIRED',
	'ACCOUNT_DISABLED',
	'FORBIDDEN',
	'PROTOCOL_OUTDATED',
	'RATE_LIMITED',
	// Consultation records.
	'ALREADY_TAKEN',
	'INVALID_STATE',
	'CONFLICT',
	// Attachments: the bytes did not match what was declared, or are not allowed.
	'CHECKSUM_MISMATCH',
	'TOO_LARGE',
	'UNSUPPORTED_MEDIA',
	// Raised by the app itself, never by the server: the server could not be reached.
	'UNREACHABLE',
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
