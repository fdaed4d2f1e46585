import { HTTP_ROUTES } from '@consultdesk/protocol';

export interface ServerCheckResult {
	reachable: boolean;
	roundTripMs?: number;
	/** Server clock minus this terminal's, ms: tokens and record times go wrong when it is large. */
	clockSkewMs?: number;
}

/**
 * Whether the server answers, how fast, and how far this terminal's clock is
 * from the server's (from the HTTP Date header, to the second, taken at the
 * middle of the round trip).
 */
export async function checkServer(serverUrl: string, fetchFn: typeof fetch = fetch, now: () => number = Date.now): Promise<ServerCheckResult> {
	const sent = now();
	try {
		const response = await fetchFn(`${serverUrl}${HTTP_ROUTES.health}`, { cache: 'no-store' });
		const received = now();
		const roundTripMs = received - sent;
		const date = Date.parse(response.headers.get('date') ?? '');
		return { reachable: true, roundTripMs, ...(Number.isNaN(date) ? {} : { clockSkewMs: date - (sent + roundTripMs / 2) }) };
	} catch {
		return { reachable: false };
	}
}
