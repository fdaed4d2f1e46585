#!/usr/bin/env node
import { ConfigError, loadConfig } from './config.js';
import { ConsultationServer } from './consultation-server.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
	let config;
	try {
		config = loadConfig();
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		process.stderr.write(`${error.message}\n`);
		process.exit(2);
	}
	const logger = createLogger(config);
	const server = await ConsultationServer.start(config, logger);
	process.stdout.write(`Consultdesk server: ${server.url}  (health: ${server.url}/health)\n`);
	const stop = (signal: string): void => {
		logger.info({ signal }, 'shutting down');
		server.close().then(
			() => process.exit(0),
			(error: unknown) => {
				logger.error({ err: error }, 'shutdown failed');
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`consultdesk server failed to start: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
