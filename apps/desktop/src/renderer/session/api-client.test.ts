import { PROTOCOL_VERSION, ProtocolError, type SessionTokens } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { ApiClient, type FetchFunction } from './api-client.js';

const account = {
	accountId: 'acc-sok',
	username: 'sok',
	displayName: 'Dr Sok Chenda',
	role: 'clinic-doctor',
	clinic: { clinicId: 'clinic-kc', name: 'Kampong Cham Community Health Centre' },
	specialties: [],
	disabled: false,
} as const;

const tokens: SessionTokens = {
	accessToken: 'access-1',
	accessTokenExpiresAt: 1_700_000_000_000,
	refreshToken: 'refresh-1-0123456789abcdef',
	account: { ...account, specialties: [] },
	idleLogoutMinutes: 30,
};

interface Call {
	url: string;
	init: RequestInit;
}

function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
	const calls: Call[] = [];
	const fetch: FetchFunction = async (url, init) => {
		const call = { url, init };
		calls.push(call);
		return answer(call);
	};
	return { fetch, calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failure(promise: Promise<unknown>): Promise<ProtocolError> {
	const error = await promise.then(() => undefined, (e: unknown) => e);
	expect(error).toBeInstanceOf(ProtocolError);
	return error as ProtocolError;
}

describe('ApiClient', () => {
	it('signs in with a JSON body and the protocol header, and validates the tokens', async () => {
		const { fetch, calls } = fakeFetch(() => json(200, tokens));
		const api = new ApiClient('http://server.test/', { fetch });
		expect(await api.signIn('sok', 'consultdesk-demo')).toEqual(tokens);
		const [call] = calls;
		expect(call?.url).toBe('http://server.test/api/auth/sign-in');
		expect(call?.init.method).toBe('POST');
		expect(JSON.parse(call?.init.body as string)).toEqual({ username: 'sok', password: 'consultdesk-demo' });
		const headers = call?.init.headers as Record<string, string>;
		expect(headers['consultdesk-protocol']).toBe(String(PROTOCOL_VERSION));
		expect(headers['content-type']).toBe('application/json');
		expect(headers.authorization).toBeUndefined();
		expect(call?.init.credentials).toBe('omit');
	});

	it('sends the access token as a bearer token and the history query as search parameters', async () => {
		const { fetch, calls } = fakeFetch(() => json(200, { consultations: [] }));
		const api = new ApiClient('http://server.test', { fetch });
		expect(await api.consultations('access-1', { state: 'ended', limit: 20, before: undefined })).toEqual([]);
		expect(calls[0]?.url).toBe('http://server.test/api/consultations?state=ended&limit=20');
		expect((calls[0]?.init.headers as Record<string, string>).authorization).toBe('Bearer access-1');
		expect(calls[0]?.init.method).toBe('GET');
	});

	it('turns an error body into a ProtocolError with the server’s code', async () => {
		const { fetch } = fakeFetch(() => json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'wrong user name or password' } }));
		const error = await failure(new ApiClient('http://server.test', { fetch }).signIn('sok', 'nope'));
		expect(error.code).toBe('INVALID_CREDENTIALS');
	});

	it('falls back on the HTTP status when an error has no body of ours', async () => {
		const { fetch } = fakeFetch(() => new Response('<html>Too many</html>', { status: 429 }));
		expect((await failure(new ApiClient('http://server.test', { fetch }).accounts('t'))).code).toBe('RATE_LIMITED');
		const gateway = fakeFetch(() => new Response('Bad gateway', { status: 502 }));
		expect((await failure(new ApiClient('http://server.test', { fetch: gateway.fetch }).accounts('t'))).code).toBe('UNREACHABLE');
	});

	it('reports a network failure as UNREACHABLE, never as a server error', async () => {
		const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
		const error = await failure(new ApiClient('http://server.test', { fetch }).refresh('refresh-1-0123456789abcdef'));
		expect(error.code).toBe('UNREACHABLE');
		expect(error.message).toContain('Failed to fetch');
	});

	it('gives up on a server that does not answer in time', async () => {
		const { fetch } = fakeFetch(
			({ init }) =>
				new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('timed out', 'TimeoutError')))),
		);
		const error = await failure(new ApiClient('http://server.test', { fetch, timeoutMs: 20 }).consultations('t'));
		expect(error.code).toBe('UNREACHABLE');
	});

	it('rejects an answer that does not match the protocol', async () => {
		const { fetch } = fakeFetch(() => json(200, { ...tokens, idleLogoutMinutes: 'soon' }));
		const error = await failure(new ApiClient('http://server.test', { fetch }).signIn('sok', 'x'));
		expect(error.code).toBe('INVALID_PAYLOAD');
	});

	it('accepts an empty 204 for sign-out and encodes ids in paths', async () => {
		const { fetch, calls } = fakeFetch(({ url }) => (url.endsWith('sign-out') ? new Response(null, { status: 204 }) : json(404, { error: { code: 'NOT_FOUND', message: 'no such patient' } })));
		const api = new ApiClient('http://server.test', { fetch });
		await expect(api.signOut('refresh-1-0123456789abcdef')).resolves.toBeUndefined();
		expect((await failure(api.patientHistory('t', 'a/b'))).code).toBe('NOT_FOUND');
		expect(calls[1]?.url).toBe('http://server.test/api/patients/a%2Fb/history');
	});
});
