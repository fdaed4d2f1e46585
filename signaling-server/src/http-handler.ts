import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

export interface HealthReport {
	status: 'ok' | 'degraded';
	workers: { alive: number; configured: number };
	rooms: number;
	uptimeSeconds: number;
}

export interface HttpHandlerOptions {
	staticDir: string;
	health: () => HealthReport;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
}

/** GET /health, and the built renderer (the same app the desktop build loads) at every other path. */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
	const serveApp = existsSync(options.staticDir) ? sirv(options.staticDir, { single: true, etag: true }) : undefined;
	return (req, res) => {
		const path = new URL(req.url ?? '/', 'http://localhost').pathname;
		if (path === '/health') {
			const report = options.health();
			sendJson(res, report.status === 'ok' ? 200 : 503, report);
			return;
		}
		if (!serveApp) {
			res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
			res.end(`The app is not built (${options.staticDir} is missing). Run: npm run build\n`);
			return;
		}
		serveApp(req, res, () => sendJson(res, 404, { error: 'not found' }));
	};
}
