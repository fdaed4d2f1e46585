#!/usr/bin/env node
import { text } from 'node:stream/consumers';
import { ConfigError, loadConfig } from './config.js';
import { ConsultationServer } from './consultation-server.js';
import { createLogger } from './logger.js';
import { ProvisioningError, runProvisioning } from './provisioning.js';

async function main(): Promise<void> {
	let config;
	try {
		config = loadConfig();
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		process.stderr.write(`${error.message}\n`);
		process.exit(2);
	}
	const command = process.argv.slice(2);
	if (command.length > 0) {
		const password = async () => process.env.CONSULTDESK_PASSWORD ?? (await text(process.stdin)).trim();
		try {
			process.stdout.write(`${await runProvisioning(config, command, password)}\n`);
			return;
		} catch (error) {
			if (!(error instanceof ProvisioningError)) throw error;
			process.stderr.write(`${error.message}\n`);
			process.exit(2);
		}
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
