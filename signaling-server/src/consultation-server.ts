import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import type { ServerConfig } from './config.js';
import { createHttpHandler, type HealthReport } from './http-handler.js';
import { createLogger, type Logger } from './logger.js';
import type { RoomStats } from './room.js';
import { RoomRegistry } from './room-registry.js';
import { attachSocketGateway, type ConsultationIo } from './socket-gateway.js';
import { WorkerPool } from './worker-pool.js';

export interface MediaDump {
	routers: number;
	transports: number;
}

/** The whole server: HTTP (health + app), Socket.IO signalling and the mediasoup SFU. */
export class ConsultationServer {
	readonly config: ServerConfig;
	readonly logger: Logger;
	readonly #http: HttpServer;
	readonly #io: ConsultationIo;
	readonly #pool: WorkerPool;
	readonly #registry: RoomRegistry;
	readonly #startedAt = Date.now();

	private constructor(config: ServerConfig, logger: Logger, pool: WorkerPool) {
		this.config = config;
		this.logger = logger;
		this.#pool = pool;
		this.#registry = new RoomRegistry({
			pool,
			logger,
			maxExperts: config.maxExpertsPerRoom,
			transport: {
				listenIp: config.rtcListenIp,
				announcedAddress: config.rtcAnnouncedAddress,
				minPort: config.rtcMinPort,
				maxPort: config.rtcMaxPort,
			},
		});
		this.#http = createServer(createHttpHandler({ staticDir: config.staticDir, health: () => this.health() }));
		// WebSocket only: no long-polling fallback, so no CORS surface, and a
		// desktop build loading the app from disk connects the same way.
		this.#io = new SocketIoServer(this.#http, { transports: ['websocket'], serveClient: false, maxHttpBufferSize: 256 * 1024 });
		attachSocketGateway(this.#io, this.#registry, logger);
	}

	static async start(config: ServerConfig, logger: Logger = createLogger(config)): Promise<ConsultationServer> {
		const pool = await WorkerPool.create({ size: config.workers, logger });
		const server = new ConsultationServer(config, logger, pool);
		try {
			await new Promise<void>((resolve, reject) => {
				server.#http.once('error', reject);
				server.#http.listen(config.port, config.host, () => resolve());
			});
		} catch (error) {
			pool.close();
			throw error;
		}
		logger.info({ url: server.url, workers: config.workers }, 'consultdesk server listening');
		return server;
	}

	/** Where the app and signalling are served; the real port when config.port was 0. */
	get url(): string {
		const { port } = this.#http.address() as AddressInfo;
		const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
		return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
	}

	get pool(): WorkerPool {
		return this.#pool;
	}

	health(): HealthReport {
		const alive = this.#pool.workers.filter((w) => !w.closed).length;
		return {
			status: alive === this.config.workers ? 'ok' : 'degraded',
			workers: { alive, configured: this.config.workers },
			rooms: this.#registry.size,
			uptimeSeconds: Math.round((Date.now() - this.#startedAt) / 1000),
		};
	}

	roomStats(code?: string): RoomStats[] {
		const all = this.#registry.stats();
		return code === undefined ? all : all.filter((r) => r.code === code);
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
		this.#registry.closeAll('server-shutdown');
		await new Promise<void>((resolve) => this.#io.close(() => resolve()));
		this.#pool.close();
		this.logger.info('consultdesk server stopped');
	}
}
