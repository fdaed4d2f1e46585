import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server as SocketIoServer } from 'socket.io';
import { AccountService } from './account-service.js';
import { AttachmentService } from './attachments/attachment-service.js';
import { AccessTokens } from './auth/access-tokens.js';
import { AuthService } from './auth/auth-service.js';
import { RefreshTokenStore } from './auth/refresh-token-store.js';
import { loadTokenSecret } from './auth/token-secret.js';
import type { ServerConfig } from './config.js';
import { ConsultationService } from './consultation-service.js';
import { openDatabase, type Database } from './database/database.js';
import { seedDemoData } from './demo-seed.js';
import { createHttpApp, type HealthReport, type HttpApp } from './http/http-app.js';
import { createLogger, type Logger } from './logger.js';
import { ObservationService } from './observation-service.js';
import { PresenceRegistry } from './presence-registry.js';
import { recordHandlers } from './record-requests.js';
import { AccountStore } from './records/account-store.js';
import { AttachmentStore } from './records/attachment-store.js';
import { AuditLog } from './records/audit-log.js';
import { ConsultationStore } from './records/consultation-store.js';
import { ObservationStore } from './records/observation-store.js';
import { PatientStore } from './records/patient-store.js';
import type { RoomStats } from './room.js';
import { RoomRegistry } from './room-registry.js';
import { attachSocketGateway, type ConsultationIo } from './socket-gateway.js';
import { createSocketNotifier } from './socket-notifier.js';
import { WorkerPool } from './worker-pool.js';

export interface MediaDump {
	routers: number;
	transports: number;
}

/** The stores behind the services; tests and tools read them directly. */
export interface ServerRecords {
	accounts: AccountStore;
	patients: PatientStore;
	consultations: ConsultationStore;
	refreshTokens: RefreshTokenStore;
	audit: AuditLog;
	observations: ObservationStore;
	attachments: AttachmentStore;
}

/** Attachments' files inside the data directory: one directory per consultation; unfinished uploads in .uploads. */
export const ATTACHMENTS_DIRECTORY = 'attachments';

/** The file of the embedded database inside the data directory. */
export const DATABASE_FILE = 'consultdesk.sqlite';

/**
 * The whole server: HTTP (sign-in, records, health, the app), Socket.IO
 * signalling with authenticated connections, the consultation services on
 * the database, and the mediasoup SFU. Closing it closes its parts in reverse.
 */
const SOCKET_PING_INTERVAL_MS = 5_000;
const SOCKET_PING_TIMEOUT_MS = 5_000;

export class ConsultationServer {
	readonly config: ServerConfig;
	readonly logger: Logger;
	readonly records: ServerRecords;
	readonly #db: Database;
	readonly #http: HttpApp;
	readonly #io: ConsultationIo;
	readonly #pool: WorkerPool;
	readonly #registry: RoomRegistry;
	readonly #service: ConsultationService;
	readonly #expiryTimer: NodeJS.Timeout;
	readonly #startedAt: number;

	private constructor(parts: {
		config: ServerConfig;
		logger: Logger;
		db: Database;
		records: ServerRecords;
		http: HttpApp;
		io: ConsultationIo;
		pool: WorkerPool;
		registry: RoomRegistry;
		service: ConsultationService;
		startedAt: number;
	}) {
		this.config = parts.config;
		this.logger = parts.logger;
		this.records = parts.records;
		this.#db = parts.db;
		this.#http = parts.http;
		this.#io = parts.io;
		this.#pool = parts.pool;
		this.#registry = parts.registry;
		this.#service = parts.service;
		this.#startedAt = parts.startedAt;
		// A waiting request expires within a minute of its time, or sooner for short expiries.
		const sweepMs = Math.min(60_000, Math.max(1000, (parts.config.requestExpiryMinutes * 60_000) / 4));
		this.#expiryTimer = setInterval(() => void this.expireDue(), sweepMs).unref();
	}

	/** `now`: the clock the lifecycle runs on (expiry, timestamps); tests move it forward. */
	static async start(config: ServerConfig, logger: Logger = createLogger(config), options: { now?: () => Date } = {}): Promise<ConsultationServer> {
		const { db, created } = await openDatabase(join(config.dataDir, DATABASE_FILE));
		const records: ServerRecords = {
			accounts: new AccountStore(db),
			patients: new PatientStore(db),
			consultations: new ConsultationStore(db),
			refreshTokens: new RefreshTokenStore(db, { lifetimeMs: config.refreshTokenHours * 3_600_000 }),
			audit: new AuditLog(db),
			observations: new ObservationStore(db),
			attachments: new AttachmentStore(db),
		};
		if (config.demo && created) {
			await seedDemoData(records.accounts, records.patients);
			logger.info('demo clinic, accounts and patients seeded into the new database');
		}
		let pool: WorkerPool | undefined;
		let http: HttpApp | undefined;
		try {
			pool = await WorkerPool.create({
				size: config.workers,
				logger,
				rtc: { listenIp: config.rtcListenIp, announcedAddress: config.rtcAnnouncedAddress, basePort: config.rtcPort },
			});
			const registry = new RoomRegistry({ pool, logger, maxExperts: config.maxExpertsPerRoom, seatHoldMs: config.seatHoldSeconds * 1000 });
			// WebSocket only: no long-polling fallback, so no CORS surface, and a
			// desktop build loading the app from app:// connects the same way.
			// A ping every 5 s, answered within 5 s: a connection that died without a
			// word (a cut link, a new address) is noticed in seconds, not Socket.IO's
			// default 45 s, so its seat shows "reconnecting" and the terminal comes back sooner.
			const io: ConsultationIo = new SocketIoServer({
				transports: ['websocket'],
				serveClient: false,
				maxHttpBufferSize: config.maxMessageBytes,
				pingInterval: SOCKET_PING_INTERVAL_MS,
				pingTimeout: SOCKET_PING_TIMEOUT_MS,
			});
			const presence = new PresenceRegistry();
			const notifier = createSocketNotifier(io, presence);
			const auth = new AuthService({
				accounts: records.accounts,
				refreshTokens: records.refreshTokens,
				accessTokens: new AccessTokens({ secret: loadTokenSecret(config.tokenSecret, join(config.dataDir, 'token-secret')), lifetimeSeconds: config.accessTokenMinutes * 60 }),
				audit: records.audit,
				idleLogoutMinutes: config.idleLogoutMinutes,
			});
			const service = new ConsultationService({
				...records,
				notifier,
				rooms: { closeRoom: (id) => registry.get(id)?.close('consultation-ended') },
				logger,
				requestExpiryMs: config.requestExpiryMinutes * 60_000,
				...(options.now ? { now: options.now } : {}),
			});
			const observationService = new ObservationService({ ...records, logger, ...(options.now ? { now: options.now } : {}) });
			const attachmentsDirectory = join(config.dataDir, ATTACHMENTS_DIRECTORY);
			const attachmentService = new AttachmentService({
				...records,
				notifier,
				logger,
				directory: attachmentsDirectory,
				maxBytes: { still: config.stillMaxBytes, 'stethoscope-clip': config.clipMaxBytes },
				...(options.now ? { now: options.now } : {}),
			});
			const accountService = new AccountService({ accounts: records.accounts, refreshTokens: records.refreshTokens, presence, audit: records.audit, sessions: notifier });
			const startedAt = Date.now();
			http = await createHttpApp({
				logger,
				staticDir: config.staticDir,
				https: config.tlsCertFile && config.tlsKeyFile ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) } : undefined,
				allowedOrigins: config.allowedOrigins,
				signInPerMinute: config.signInPerMinute,
				auth,
				consultations: service,
				observations: observationService,
				accounts: accountService,
				attachments: attachmentService,
				attachmentUploadsDirectory: join(attachmentsDirectory, '.uploads'),
				health: () => healthReport(pool!, registry, config.workers, startedAt),
			});
			io.attach(http.server);
			attachSocketGateway(io, {
				auth,
				registry,
				consultations: records.consultations,
				service,
				records: recordHandlers(service, accountService, observationService, attachmentService),
				presence,
				audit: records.audit,
				logger,
				requestsPerSecond: config.socketRequestsPerSecond,
				check: {
					createRouter: async (mediaCodecs) => {
						const worker = pool!.leastLoaded();
						return { router: await worker.createRouter({ mediaCodecs }), webRtcServer: pool!.webRtcServerOf(worker) };
					},
				},
			});
			const server = new ConsultationServer({ config, logger, db, records, http, io, pool, registry, service, startedAt });
			await http.listen({ port: config.port, host: config.host });
			await server.expireDue();
			logger.info({ url: server.url, workers: config.workers }, 'consultdesk server listening');
			return server;
		} catch (error) {
			await http?.close().catch(() => undefined);
			await pool?.close();
			await db.destroy();
			throw error;
		}
	}

	/** Where the app, the API and signalling are served; the real port when config.port was 0. */
	get url(): string {
		const { port } = this.#http.server.address() as AddressInfo;
		const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
		const scheme = this.config.tlsCertFile ? 'https' : 'http';
		return `${scheme}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
	}

	get pool(): WorkerPool {
		return this.#pool;
	}

	health(): HealthReport {
		return healthReport(this.#pool, this.#registry, this.config.workers, this.#startedAt);
	}

	/** Media rooms now open; one consultation's by its id. */
	roomStats(consultationId?: string): RoomStats[] {
		const all = this.#registry.stats();
		return consultationId === undefined ? all : all.filter((r) => r.id === consultationId);
	}

	/** Expires waiting requests whose time ran out (also run periodically). */
	expireDue(): Promise<number> {
		return this.#service.expireDue().catch((error: unknown) => {
			this.logger.error({ err: error }, 'expiring waiting consultations failed');
			return 0;
		});
	}

	/**
	 * What the mediasoup workers themselves hold, independent of our
	 * bookkeeping: routers across all workers, transports across open rooms.
	 */
	async mediaDump(): Promise<MediaDump> {
		const workerDumps = await Promise.all(this.#pool.workers.map((w) => w.dump()));
		const routers = workerDumps.reduce((sum, d) => sum + d.routerIds.length, 0);
		const openRouters = this.#registry.rooms().map((room) => room.router).filter((r) => !r.closed);
		const routerDumps = await Promise.all(openRouters.map((r) => r.dump()));
		const transports = routerDumps.reduce((sum, d) => sum + d.transportIds.length, 0);
		return { routers, transports };
	}

	async close(): Promise<void> {
		clearInterval(this.#expiryTimer);
		this.#registry.closeAll('server-shutdown');
		await new Promise<void>((resolve) => this.#io.close(() => resolve()));
		await this.#http.close();
		await this.#pool.close();
		await this.#db.destroy();
		this.logger.info('consultdesk server stopped');
	}
}

function healthReport(pool: WorkerPool, registry: RoomRegistry, configuredWorkers: number, startedAt: number): HealthReport {
	const load = pool.loads();
	const alive = load.length;
	return {
		status: alive === configuredWorkers ? 'ok' : 'degraded',
		workers: { alive, configured: configuredWorkers, load },
		rooms: registry.size,
		uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
	};
}
