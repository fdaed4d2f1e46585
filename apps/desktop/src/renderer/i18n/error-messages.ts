import { ProtocolError } from '@consultdesk/protocol';
import { BridgeError } from '../../shared/bridge.js';
import type { TFunction } from 'i18next';

/**
 * What a doctor reads for an error: one translated message per error code
 * (errors.codes.* in the language files; a code without one fails the type
 * check), the desktop bridge's refusals, and the browser's device errors.
 */
export function describeError(error: unknown, t: TFunction): string {
	if (error instanceof ProtocolError) return t(`errors.codes.${error.code}`);
	if (error instanceof BridgeError) return t(`errors.bridge.${error.code}`);
	if (error instanceof DOMException && error.name === 'NotAllowedError') return t('errors.devicesRefused');
	if (error instanceof DOMException && error.name === 'NotFoundError') return t('errors.deviceMissing');
	return t('errors.unknown');
}

/** The code and technical detail, for the line IT staff read under the message; not translated. */
export function errorDetail(error: unknown): string {
	if (error instanceof ProtocolError || error instanceof BridgeError) return `${error.code}: ${error.message}`;
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
