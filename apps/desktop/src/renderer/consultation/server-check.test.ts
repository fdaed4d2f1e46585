import { describe, expect, it } from 'vitest';
import { checkServer } from './server-check.js';

describe('checkServer', () => {
	it('measures the round trip and the clock difference from the Date header', async () => {
		let t = 1_700_000_000_000;
		const fetchFn = (async () => {
			t += 200;
			return new Response('{}', { headers: { date: new Date(1_700_000_000_000 + 100 + 90_000).toUTCString() } });
		}) as unknown as typeof fetch;
		const result = await checkServer('https://s.example', fetchFn, () => t);
		expect(result.reachable).toBe(true);
		expect(result.roundTripMs).toBe(200);
		// The server is 90 s ahead, give or take the Date header's one-second resolution.
		expect(Math.abs(result.clockSkewMs! - 90_000)).toBeLessThan(1000);
	});

	it('says unreachable when nothing answers', async () => {
		const fetchFn = (async () => {
			throw new TypeError('Failed to fetch');
		}) as unknown as typeof fetch;
		expect(await checkServer('https://s.example', fetchFn)).toEqual({ reachable: false });
	});
});
