import type { AppConfig } from '../shared/bridge.js';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4780';

export class AppConfigError extends Error {
	override readonly name = 'AppConfigError';
}

/** The server URL from --server=URL or CONSULTDESK_SERVER_URL; only http(s) URLs are accepted. */
export function resolveAppConfig(argv: readonly string[], env: NodeJS.ProcessEnv, appVersion: string): AppConfig {
	const fromArgs = argv.find((a) => a.startsWith('--server='))?.slice('--server='.length);
	const raw = fromArgs ?? env.CONSULTDESK_SERVER_URL ?? DEFAULT_SERVER_URL;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new AppConfigError(`server URL "${raw}" is not a URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new AppConfigError(`server URL must be http or https, got ${url.protocol}`);
	}
	return { serverUrl: url.origin, appVersion };
}
