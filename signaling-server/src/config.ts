import { readFileSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ATTACHMENT_MAX_BYTES } from '@consultdesk/protocol';
import { z } from 'zod';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the built renderer lives in this repository, so `npm start` serves the app. */
export const DEFAULT_STATIC_DIR = resolve(here, '../../apps/desktop/dist/renderer');

/** Where records live unless configured: the XDG data directory. */
export const DEFAULT_DATA_DIR = join(process.env.XDG_DATA_HOME || join(homedir(), '.local/share'), 'consultdesk');

const ip = z.string().refine((s) => isIP(s) !== 0, 'must be an IPv4 or IPv6 address');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
// Environment variables are text: "true"/"1" and "false"/"0" are what people type.
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1')]);

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
		/** Address each worker's WebRtcServer binds its UDP and TCP port to (CONSULTDESK_RTC_LISTEN_IP). */
		rtcListenIp: ip.default('127.0.0.1'),
		/** Address or host name announced to browsers, e.g. the public IP behind NAT (CONSULTDESK_RTC_ANNOUNCED_ADDRESS). */
		rtcAnnouncedAddress: z.string().min(1).optional(),
		/**
		 * Media port of the first worker: worker i takes rtcPort + i, UDP and TCP,
		 * so a firewall opens `workers` ports, not a range. 0: any free port per
		 * worker, for tests (CONSULTDESK_RTC_PORT).
		 */
		rtcPort: port.default(40000),
		/** mediasoup workers; one per core by default (CONSULTDESK_WORKERS). */
		workers: z.coerce.number().int().min(1).max(64).default(cpus().length),
		/** pino level (CONSULTDESK_LOG_LEVEL). */
		logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
		/** Log lines for people (pretty) or machines (json); auto: pretty when stdout is a terminal (CONSULTDESK_LOG_FORMAT). */
		logFormat: z.enum(['auto', 'pretty', 'json']).default('auto'),
		/** The built renderer served at / (CONSULTDESK_STATIC_DIR). */
		staticDir: z.string().min(1).default(DEFAULT_STATIC_DIR),
		/** Experts who may watch one consultation at the same time (CONSULTDESK_MAX_EXPERTS). */
		maxExpertsPerRoom: z.coerce.number().int().min(1).max(16).default(4),
		/**
		 * How long a seat whose terminal dropped is held, with its media, for that
		 * terminal to come back; the consultation's other participants see it as
		 * reconnecting meanwhile and may end the consultation (CONSULTDESK_SEAT_HOLD_SECONDS).
		 */
		seatHoldSeconds: positiveInt(24 * 3600).default(3600),
		/** Directory of the SQLite database and the token key (CONSULTDESK_DATA_DIR). */
		dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
		/** Seed demo clinic, accounts and patients into a database this start created (CONSULTDESK_DEMO). */
		demo: flag.default(false),
		/** HMAC key for access tokens, at least 32 characters; by default a random key kept in dataDir (CONSULTDESK_TOKEN_SECRET). */
		tokenSecret: z.string().min(32).optional(),
		/** PEM certificate and key: with both, the server speaks HTTPS and WSS (CONSULTDESK_TLS_CERT / _KEY). */
		tlsCertFile: z.string().min(1).optional(),
		tlsKeyFile: z.string().min(1).optional(),
		/** Origins other than the server's own allowed to call the HTTP API: the desktop app's (CONSULTDESK_ALLOWED_ORIGINS, comma-separated). */
		allowedOrigins: z
			.union([z.array(z.string().min(1)), z.string().transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))])
			.default(['app://consultdesk']),
		/** Lifetime of an access token (CONSULTDESK_ACCESS_TOKEN_MINUTES). */
		accessTokenMinutes: positiveInt(24 * 60).default(15),
		/** Lifetime of a refresh token; each use gives a new one (CONSULTDESK_REFRESH_TOKEN_HOURS). */
		refreshTokenHours: positiveInt(24 * 90).default(12),
		/** The app signs out after this long without input (CONSULTDESK_IDLE_LOGOUT_MINUTES). */
		idleLogoutMinutes: positiveInt(24 * 60).default(30),
		/** A request nobody accepts expires after this long (CONSULTDESK_REQUEST_EXPIRY_MINUTES). */
		requestExpiryMinutes: positiveInt(7 * 24 * 60).default(120),
		/** Sign-in attempts per minute from one address (CONSULTDESK_SIGN_IN_PER_MINUTE). */
		signInPerMinute: positiveInt(10_000).default(10),
		/** Socket requests per second from one connection; setting up media sends about a dozen at once (CONSULTDESK_SOCKET_REQUESTS_PER_SECOND). */
		socketRequestsPerSecond: positiveInt(100_000).default(50),
		/** Largest Socket.IO message in bytes (CONSULTDESK_MAX_MESSAGE_BYTES). */
		maxMessageBytes: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(128 * 1024),
		/** Largest camera still in bytes (CONSULTDESK_STILL_MAX_BYTES). */
		stillMaxBytes: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(ATTACHMENT_MAX_BYTES.still),
		/** Largest stethoscope clip in bytes (CONSULTDESK_CLIP_MAX_BYTES). */
		clipMaxBytes: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(ATTACHMENT_MAX_BYTES['stethoscope-clip']),
	})
	// Browsers cannot send to "any address": a wildcard bind needs the address they should use.
	.refine((c) => !['0.0.0.0', '::'].includes(c.rtcListenIp) || c.rtcAnnouncedAddress !== undefined, {
		message: 'rtcListenIp 0.0.0.0 or :: needs rtcAnnouncedAddress',
		path: ['rtcAnnouncedAddress'],
	})
	.refine((c) => c.rtcPort === 0 || c.rtcPort + c.workers - 1 <= 65535, { message: 'rtcPort + workers - 1 must be a port (≤ 65535)', path: ['rtcPort'] })
	.refine((c) => (c.tlsCertFile === undefined) === (c.tlsKeyFile === undefined), {
		message: 'give both tlsCertFile and tlsKeyFile, or neither',
		path: ['tlsCertFile'],
	});

export type ServerConfig = z.output<typeof configSchema>;
export type ServerConfigInput = z.input<typeof configSchema>;

const ENV_KEYS: Record<keyof ServerConfigInput, string> = {
	host: 'CONSULTDESK_HOST',
	port: 'CONSULTDESK_PORT',
	rtcListenIp: 'CONSULTDESK_RTC_LISTEN_IP',
	rtcAnnouncedAddress: 'CONSULTDESK_RTC_ANNOUNCED_ADDRESS',
	rtcPort: 'CONSULTDESK_RTC_PORT',
	workers: 'CONSULTDESK_WORKERS',
	logLevel: 'CONSULTDESK_LOG_LEVEL',
	logFormat: 'CONSULTDESK_LOG_FORMAT',
	staticDir: 'CONSULTDESK_STATIC_DIR',
	maxExpertsPerRoom: 'CONSULTDESK_MAX_EXPERTS',
	seatHoldSeconds: 'CONSULTDESK_SEAT_HOLD_SECONDS',
	dataDir: 'CONSULTDESK_DATA_DIR',
	demo: 'CONSULTDESK_DEMO',
	tokenSecret: 'CONSULTDESK_TOKEN_SECRET',
	tlsCertFile: 'CONSULTDESK_TLS_CERT',
	tlsKeyFile: 'CONSULTDESK_TLS_KEY',
	allowedOrigins: 'CONSULTDESK_ALLOWED_ORIGINS',
	accessTokenMinutes: 'CONSULTDESK_ACCESS_TOKEN_MINUTES',
	refreshTokenHours: 'CONSULTDESK_REFRESH_TOKEN_HOURS',
	idleLogoutMinutes: 'CONSULTDESK_IDLE_LOGOUT_MINUTES',
	requestExpiryMinutes: 'CONSULTDESK_REQUEST_EXPIRY_MINUTES',
	signInPerMinute: 'CONSULTDESK_SIGN_IN_PER_MINUTE',
	socketRequestsPerSecond: 'CONSULTDESK_SOCKET_REQUESTS_PER_SECOND',
	maxMessageBytes: 'CONSULTDESK_MAX_MESSAGE_BYTES',
	stillMaxBytes: 'CONSULTDESK_STILL_MAX_BYTES',
	clipMaxBytes: 'CONSULTDESK_CLIP_MAX_BYTES',
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

/**
 * The media port range of earlier versions. Ignoring it would silently move
 * media to ports the hospital firewall does not open, so it stops the start.
 */
function refuseRetiredPortRange(fromFile: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
	const retired = [
		...['rtcMinPort', 'rtcMaxPort'].filter((key) => key in fromFile),
		...['CONSULTDESK_RTC_MIN_PORT', 'CONSULTDESK_RTC_MAX_PORT'].filter((name) => env[name] !== undefined && env[name] !== ''),
	];
	if (retired.length > 0) {
		throw new ConfigError(
			`${retired.join(', ')}: the media port range was replaced by rtcPort (CONSULTDESK_RTC_PORT): worker i uses port rtcPort + i, UDP and TCP`,
		);
	}
}

/** Defaults, then the CONSULTDESK_CONFIG file, then environment variables, then overrides. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ServerConfigInput = {}): ServerConfig {
	const fromFile = env.CONSULTDESK_CONFIG ? readConfigFile(env.CONSULTDESK_CONFIG) : {};
	refuseRetiredPortRange(fromFile, env);
	const fromEnv = Object.fromEntries(
		Object.entries(ENV_KEYS).flatMap(([key, name]) => (env[name] !== undefined && env[name] !== '' ? [[key, env[name]]] : [])),
	);
	const result = configSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
	if (!result.success) throw new ConfigError(`invalid configuration:\n${z.prettifyError(result.error)}`);
	return result.data;
}
