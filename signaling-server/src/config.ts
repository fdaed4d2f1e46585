import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the built renderer lives in this repository, so `npm start` serves the app. */
export const DEFAULT_STATIC_DIR = resolve(here, '../../apps/desktop/dist/renderer');

const ip = z.string().refine((s) => isIP(s) !== 0, 'must be an IPv4 or IPv6 address');
const port = z.coerce.number().int().min(0).max(65535);

/**
 * Server configuration. Each key can come from the optional JSON file named by
 * CONSULTDESK_CONFIG and be overridden by its environment variable; the
 * defaults suit one machine (everything on loopback).
 */
export const configSchema = z
	.strictObject({
		/** HTTP + Socket.IO listen address (CONSULTDESK_HOST). */
		host: z.string().min(1).default('127.0.0.1'),
		/** HTTP + Socket.IO port; 0 picks a free one (CONSULTDESK_PORT). */
		port: port.default(4780),
		/** Address the RTC transports bind to (CONSULTDESK_RTC_LISTEN_IP). */
		rtcListenIp: ip.default('127.0.0.1'),
		/** Address or host name announced to browsers, e.g. the public IP behind NAT (CONSULTDESK_RTC_ANNOUNCED_ADDRESS). */
		rtcAnnouncedAddress: z.string().min(1).optional(),
		/** UDP/TCP port range for RTC transports (CONSULTDESK_RTC_MIN_PORT / _MAX_PORT). */
		rtcMinPort: port.default(40000),
		rtcMaxPort: port.default(40999),
		/** mediasoup workers; one per core by default (CONSULTDESK_WORKERS). */
		workers: z.coerce.number().int().min(1).max(64).default(cpus().length),
		/** pino level (CONSULTDESK_LOG_LEVEL). */
		logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
		/** The built renderer served at / (CONSULTDESK_STATIC_DIR). */
		staticDir: z.string().min(1).default(DEFAULT_STATIC_DIR),
		/** Experts who may watch one consultation at the same time (CONSULTDESK_MAX_EXPERTS). */
		maxExpertsPerRoom: z.coerce.number().int().min(1).max(16).default(4),
	})
	.refine((c) => c.rtcMinPort <= c.rtcMaxPort, { message: 'rtcMinPort must not exceed rtcMaxPort', path: ['rtcMinPort'] });

export type ServerConfig = z.output<typeof configSchema>;
export type ServerConfigInput = z.input<typeof configSchema>;

const ENV_KEYS: Record<keyof ServerConfigInput, string> = {
	host: 'CONSULTDESK_HOST',
	port: 'CONSULTDESK_PORT',
	rtcListenIp: 'CONSULTDESK_RTC_LISTEN_IP',
	rtcAnnouncedAddress: 'CONSULTDESK_RTC_ANNOUNCED_ADDRESS',
	rtcMinPort: 'CONSULTDESK_RTC_MIN_PORT',
	rtcMaxPort: 'CONSULTDESK_RTC_MAX_PORT',
	workers: 'CONSULTDESK_WORKERS',
	logLevel: 'CONSULTDESK_LOG_LEVEL',
	staticDir: 'CONSULTDESK_STATIC_DIR',
	maxExpertsPerRoom: 'CONSULTDESK_MAX_EXPERTS',
};

export class ConfigError extends Error {
	override readonly name = 'ConfigError';
}

function readConfigFile(path: string): Record<string, unknown> {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
	}
	try {
		const parsed: unknown = JSON.parse(text);
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
		return parsed as Record<string, unknown>;
	} catch (error) {
		throw new ConfigError(`config file ${path} is not a JSON object: ${(error as Error).message}`);
	}
}

/** Defaults, then the CONSULTDESK_CONFIG file, then environment variables, then overrides. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ServerConfigInput = {}): ServerConfig {
	const fromFile = env.CONSULTDESK_CONFIG ? readConfigFile(env.CONSULTDESK_CONFIG) : {};
	const fromEnv = Object.fromEntries(
		Object.entries(ENV_KEYS).flatMap(([key, name]) => (env[name] !== undefined && env[name] !== '' ? [[key, env[name]]] : [])),
	);
	const result = configSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
	if (!result.success) throw new ConfigError(`invalid configuration:\n${z.prettifyError(result.error)}`);
	return result.data;
}
