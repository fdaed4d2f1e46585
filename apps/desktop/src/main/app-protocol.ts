import { isAbsolute, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CustomScheme, Net, Protocol } from 'electron';

/*
 * The desktop build serves its renderer from app://consultdesk/ rather than
 * file://: module scripts do not load from file:// (a null origin), and a
 * privileged standard scheme gives the page a real origin and a secure
 * context for camera and microphone.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'consultdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
	scheme: APP_SCHEME,
	privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The file under rootDir that an app:// URL names, or undefined for anything outside it. */
export function resolveAppPath(requestUrl: string, rootDir: string): string | undefined {
	let url: URL;
	try {
		url = new URL(requestUrl);
	} catch {
		return undefined;
	}
	if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
	let path: string;
	try {
		path = decodeURIComponent(url.pathname);
	} catch {
		return undefined;
	}
	if (path.includes('\0')) return undefined;
	const file = normalize(join(rootDir, path.endsWith('/') ? `${path}index.html` : path));
	const inside = relative(rootDir, file);
	return inside.startsWith('..') || isAbsolute(inside) ? undefined : file;
}

/**
 * Serves rootDir on app://consultdesk/ with the Content-Security-Policy `csp`
 * gives at that moment (it follows the configured server); everything else is 404.
 */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, net: Pick<Net, 'fetch'>, rootDir: string, csp: () => string): void {
	protocol.handle(APP_SCHEME, async (request) => {
		const file = resolveAppPath(request.url, rootDir);
		if (!file) return new Response('not found', { status: 404 });
		const response = await net.fetch(pathToFileURL(file).href);
		const headers = new Headers(response.headers);
		headers.set('content-security-policy', csp());
		headers.set('x-content-type-options', 'nosniff');
		return new Response(response.body, { status: response.status, headers });
	});
}
