import { ProtocolError, type ErrorCode } from '@consultdesk/protocol';

/** What a doctor reads for each error code. English only until i18n arrives. */
const MESSAGES: Record<ErrorCode, string> = {
	INVALID_PAYLOAD: 'The app and the server disagree about a message. Please update the app.',
	UNKNOWN_EVENT: 'The server does not understand this app version. Please update the app.',
	NOT_IN_ROOM: 'You are not in a consultation. Join again.',
	ALREADY_IN_ROOM: 'This terminal is already in a consultation.',
	ROLE_TAKEN: 'Someone in that role is already in this consultation. Check the consultation code.',
	FORBIDDEN_SOURCE: 'Your role cannot send this input.',
	NOT_FOUND: 'That stream has ended.',
	MEDIA_REJECTED: 'A camera, microphone or stethoscope stream could not be set up.',
	ROOM_CLOSED: 'This consultation has ended.',
	LIMIT_REACHED: 'This terminal has opened more streams than a consultation needs. Leave and join again.',
	TIMEOUT: 'The server did not answer. Check the network connection.',
	INTERNAL: 'The server had a problem. Try again.',
};

export function describeError(error: unknown): string {
	if (error instanceof ProtocolError) return MESSAGES[error.code];
	if (error instanceof DOMException && error.name === 'NotAllowedError') {
		return 'Camera or microphone access was refused. Allow it in the system settings.';
	}
	if (error instanceof DOMException && error.name === 'NotFoundError') return 'The chosen device is not connected.';
	return 'Something went wrong. Try again.';
}

/** The code and technical detail, for the line IT staff read under the message. */
export function errorDetail(error: unknown): string {
	if (error instanceof ProtocolError) return `${error.code}: ${error.message}`;
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
