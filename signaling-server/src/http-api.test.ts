import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { HTTP_ROUTES, PROTOCOL_VERSION, sendRequest, type ClientToServerEvents, type ServerToClientEvents } from '@consultdesk/protocol';
import { generate } from 'selfsigned';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { connectAs, signIn, startTestServer, tempDataDir } from './testing/test-server.js';

let server: ConsultationServer;

beforeAll(async () => {
	server = await startTestServer({ socketRequestsPerSecond: 20 });
});
afterAll(async () => {
	await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('HTTP API', () => {
	it('signs in, refreshes with a new refresh token each time, and signs out', async () => {
		const signedIn = await signIn(server, 'chen');
		expect(signedIn.account).toMatchObject({ username: 'chen', role: 'expert', specialties: ['cardiology'] });
		expect(signedIn.account).not.toHaveProperty('passwordHash');
		expect(signedIn.accessTokenExpiresAt - Date.now()).toBeGreaterThan(14 * 60_000);
		expect(signedIn.idleLogoutMinutes).toBe(30);
		const refreshed = (await (await post(HTTP_ROUTES.refresh, { refreshToken: signedIn.refreshToken })).json()) as { refreshToken: string; accessToken: string };
		expect(refreshed.refreshToken).not.toBe(signedIn.refreshToken);
		expect((await post(HTTP_ROUTES.signOut, { refreshToken: refreshed.refreshToken })).status).toBe(204);
		expect((await post(HTTP_ROUTES.refresh, { refreshToken: refreshed.refreshToken })).status).toBe(401);
	});

	it('validates every body, query and params with a clear INVALID_PAYLOAD, and needs a token for records', async () => {
		const bad = await post(HTTP_ROUTES.signIn, { username: 'sok', password: 'x', admin: true });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
		expect((await post(HTTP_ROUTES.signIn, 'not json at all')).status).toBe(400);
		const noToken = await fetch(`${server.url}${HTTP_ROUTES.consultations}`);
		expect(noToken.status).toBe(401);
		expect(await noToken.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
		const { accessToken } = await signIn(server, 'sok');
		const auth = { authorization: `Bearer ${accessToken}` };
		const badQuery = await fetch(`${server.url}${HTTP_ROUTES.consultations}?limit=100000&state=pending`, { headers: auth });
		expect(badQuery.status).toBe(400);
		expect(JSON.stringify(await badQuery.json())).toMatch(/limit|state/);
		const badParam = await fetch(`${server.url}/api/consultations/${'x'.repeat(300)}`, { headers: auth });
		expect(badParam.status).toBe(400);
		expect(await badParam.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
		expect((await fetch(`${server.url}/api/nothing-here`, { headers: auth })).status).toBe(404);
		expect((await fetch(`${server.url}${HTTP_ROUTES.accounts}`, { headers: auth })).status).toBe(403);
	});

	it('limits sign-in attempts per address and says RATE_LIMITED', async () => {
		const strict = await startTestServer({ signInPerMinute: 5 });
		try {
			const attempt = (password: string) =>
				fetch(`${strict.url}${HTTP_ROUTES.signIn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody', password }) });
			const statuses: number[] = [];
			for (let i = 0; i < 5; i++) statuses.push((await attempt(`guess-${i}`)).status);
			expect(statuses).toEqual([401, 401, 401, 401, 401]);
			const limited = await attempt('again');
			expect(limited.status).toBe(429);
			expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
			const audit = await strict.records.audit.list({ outcome: 'refused' });
			expect(audit.filter((r) => r.action === 'sign-in' && r.reason === 'unknown user name')).toHaveLength(5);
		} finally {
			await strict.close();
		}
	});

	it('answers a socket that floods requests with RATE_LIMITED and serves it again after a second', async () => {
		const socket = await connectAs(server, 'wang');
		const answers = await Promise.all(Array.from({ length: 60 }, () => socket.timeout(5000).emitWithAck('consultation:list-open', {})));
		const limited = answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
		expect(limited).toBeGreaterThanOrEqual(40);
		expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(20);
		await new Promise((r) => setTimeout(r, 1100));
		await expect(sendRequest(socket, 'consultation:list-open', {})).resolves.toHaveProperty('consultations');
		socket.disconnect();
	});

	it('closes a socket that sends a message over the size limit, and the server carries on', async () => {
		const socket = await connectAs(server, 'wang');
		const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		(socket as unknown as { emit(event: string, payload: unknown): void }).emit('consultation:list-open', { padding: 'x'.repeat(300 * 1024) });
		expect(await closed).toMatch(/transport (close|error)/);
		const again = await connectAs(server, 'wang');
		await expect(sendRequest(again, 'consultation:list-open', {})).resolves.toHaveProperty('consultations');
		again.disconnect();
	});
});

describe('TLS', () => {
	it('serves HTTPS and WSS itself when given a certificate and key', async () => {
		const dir = tempDataDir();
		const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
			keySize: 2048,
			extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
		});
		writeFileSync(join(dir, 'cert.pem'), pems.cert);
		writeFileSync(join(dir, 'key.pem'), pems.private);
		const secure = await startTestServer({ tlsCertFile: join(dir, 'cert.pem'), tlsKeyFile: join(dir, 'key.pem') });
		try {
			expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
			const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
			const body = await new Promise<string>((resolve, reject) => {
				const req = httpsRequest(`${secure.url}${HTTP_ROUTES.signIn}`, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
					let text = '';
					res.on('data', (chunk: Buffer) => (text += chunk.toString()));
					res.on('end', () => resolve(text));
				});
				req.on('error', reject);
				req.end(JSON.stringify({ username: 'sok', password: 'consultdesk-demo' }));
			});
			const { accessToken } = JSON.parse(body) as { accessToken: string };
			const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(secure.url, {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				ca,
				auth: { token: accessToken, protocolVersion: PROTOCOL_VERSION },
			});
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			await expect(sendRequest(socket, 'patient:list', {})).resolves.toHaveProperty('patients');
			socket.disconnect();
			// Plain HTTP to the TLS port is refused, not answered in clear.
			await expect(fetch(secure.url.replace('https:', 'http:') + '/health')).rejects.toThrow();
		} finally {
			await secure.close();
		}
	});
});
