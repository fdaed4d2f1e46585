import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { ServerConfig } from './config.js';

export type { Logger };

/*
 * Medical data never reaches the logs: payloads are never logged, only ids,
 * states and codes. The redaction below is a second line for every field that
 * carries what a person typed (a reason, a summary, a patient reference) or a
 * secret, should one ever be passed to a log call by mistake.
 */
const REDACTED = ['displayName', 'reason', 'summary', 'reference', 'password', 'token', 'accessToken', 'refreshToken', 'authorization', 'tokenSecret'];

export function createLogger(config: Pick<ServerConfig, 'logLevel'> & { logFormat?: ServerConfig['logFormat'] }): Logger {
	const options = {
		name: 'consultdesk-server',
		level: config.logLevel,
		redact: { paths: REDACTED.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), censor: '[redacted]' },
	};
	const format = config.logFormat ?? 'json';
	// People read a terminal; machines read JSON.
	const readable = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
	return readable ? pino(options, pretty({ colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name' })) : pino(options);
}
