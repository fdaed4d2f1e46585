import { pino, type Logger } from 'pino';
import type { ServerConfig } from './config.js';

export type { Logger };

/*
 * Medical data never reaches the logs: the server only relays media and data
 * channels and never reads them, and request payloads are not logged. The
 * redaction below is a second line for the one field a person types.
 */
export function createLogger(config: Pick<ServerConfig, 'logLevel'>): Logger {
	return pino({
		name: 'consultdesk-server',
		level: config.logLevel,
		redact: { paths: ['displayName', '*.displayName'], censor: '[redacted]' },
	});
}
