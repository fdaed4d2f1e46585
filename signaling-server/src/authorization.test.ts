import { HTTP_ROUTES, PROTOCOL_VERSION, sendRequest } from '@consultdesk/protocol';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import {
	acceptedConsultation,
	createAccount,
	handshakeRefusal,
	nextNotification,
	opusRtpParameters,
	requestConsultation,
	signIn,
	startTestServer,
	until,
	type TestClient,
	TestSessions,
} from './testing/test-server.js';

const SECRET = 'authorization-test-secret-of-enough-length';
let server: ConsultationServer;
let clinic: TestClient;
let wang: TestClient;
const sessions = new TestSessions(() => server);
const as = (username: string) => sessions.as(username);

beforeAll(async () => {
	server = await startTestServer({ tokenSecret: SECRET });
	clinic = await as('sok');
	wang = await as('wang');
});
afterAll(async () => {
	sessions.closeAll();
	await server.close();
});

/** The newest refused audit rows of an account, as [action, code]. */
async function refusals(accountId: string | undefined): Promise<[string, string | undefined][]> {
	const rows = await server.records.audit.list({ outcome: 'refused', ...(accountId ? { actorAccountId: accountId } : {}) });
	return rows.map((r) => [r.action, r.code]);
}

const accountIdOf = (socket: TestClient) => (socket as TestClient & { tokens: { account: { accountId: string } } }).tokens.account.accountId;

describe('authorization', () => {
	it('keeps a clinic out of another clinic\'s consultations and patients, and audits each attempt', async () => {
		await createAccount(server, { username: 'dara', role: 'clinic-doctor', clinicName: 'Siem Reap Health Post' });
		const other = await as('dara');
		const { consultationId, patient } = await acceptedConsultation(clinic, wang);
		await expect(sendRequest(other, 'room:join', { consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(sendRequest(other, 'consultation:cancel', { consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(sendRequest(other, 'consultation:request', { patientId: patient.patientId, reason: 'x', specialty: 'general', urgency: 'routine' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const { consultations } = await sendRequest(other, 'consultation:list-open', {});
		expect(consultations).toEqual([]);
		expect((await sendRequest(other, 'patient:list', {})).patients).toEqual([]);
		const { accessToken } = await signIn(server, 'dara');
		const read = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
		expect((await read(HTTP_ROUTES.consultation(consultationId))).status).toBe(404);
		expect((await read(HTTP_ROUTES.patientHistory(patient.patientId))).status).toBe(404);
		expect(await (await read(HTTP_ROUTES.consultations)).json()).toEqual({ consultations: [] });
		const rows = await refusals(accountIdOf(other));
		expect(rows).toEqual(
			expect.arrayContaining([
				['room:join', 'NOT_FOUND'],
				['consultation:cancel', 'NOT_FOUND'],
				['consultation:request', 'NOT_FOUND'],
				['consultation:read', 'NOT_FOUND'],
				['patient:history', 'NOT_FOUND'],
			]),
		);
	});

	it('keeps an expert who is not assigned out of a consultation, and a cardiologist from accepting a respiratory one', async () => {
		const { accountId } = await createAccount(server, { username: 'zhang', role: 'expert', specialties: ['respiratory'] });
		const unassigned = await as('zhang');
		const chen = await as('chen');
		const { consultationId } = await acceptedConsultation(clinic, wang);
		await expect(sendRequest(unassigned, 'room:join', { consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(sendRequest(unassigned, 'consultation:end', { consultationId, summary: 'done' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const waiting = await requestConsultation(clinic);
		await expect(sendRequest(chen, 'consultation:accept', { consultationId: waiting.consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(sendRequest(clinic, 'consultation:accept', { consultationId: waiting.consultationId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await refusals(accountId)).toEqual(expect.arrayContaining([['room:join', 'NOT_FOUND'], ['consultation:end', 'NOT_FOUND']]));
		expect(await refusals(accountIdOf(chen))).toContainEqual(['consultation:accept', 'NOT_FOUND']);
		await sendRequest(clinic, 'consultation:cancel', { consultationId: waiting.consultationId });
	});

	it('lets an admin observe but not send anything, and audits the attempt', async () => {
		const admin = await as('admin');
		const { consultationId } = await acceptedConsultation(clinic, wang);
		await expect(sendRequest(admin, 'room:join', { consultationId })).resolves.toMatchObject({ role: 'observer' });
		const send = await sendRequest(admin, 'transport:create', { direction: 'send', sctp: true });
		await expect(
			sendRequest(admin, 'producer:create', { transportId: send.transportId, kind: 'audio', source: 'voice', rtpParameters: opusRtpParameters(7001) }),
		).rejects.toMatchObject({ code: 'FORBIDDEN_SOURCE' });
		await expect(
			sendRequest(admin, 'dataProducer:create', { transportId: send.transportId, sctpStreamParameters: { streamId: 3 }, label: 'vitals', protocol: 'consultdesk-vitals/1', source: 'vitals' }),
		).rejects.toMatchObject({ code: 'FORBIDDEN_SOURCE' });
		expect(await refusals(accountIdOf(admin))).toEqual(expect.arrayContaining([['producer:create', 'FORBIDDEN_SOURCE'], ['dataProducer:create', 'FORBIDDEN_SOURCE']]));
		await sendRequest(admin, 'room:leave', {});
	});

	it('refuses a handshake without a valid token before any handler runs: expired, forged with another key, alg none, none at all', async () => {
		const key = new TextEncoder().encode(SECRET);
		const sub = accountIdOf(wang);
		const claims = () => new SignJWT({}).setSubject(sub).setIssuer('consultdesk-server').setAudience('consultdesk-app');
		const expired = await claims().setProtectedHeader({ alg: 'HS256' }).setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(key);
		const wrongKey = await claims().setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode('not-the-servers-secret-but-long-enough'));
		const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
		const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, iss: 'consultdesk-server', aud: 'consultdesk-app', exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
		const before = (await refusals(undefined)).filter(([action]) => action === 'socket:connect').length;

		expect(await handshakeRefusal(server, { token: expired, protocolVersion: PROTOCOL_VERSION })).toBe('TOKEN_EXPIRED');
		expect(await handshakeRefusal(server, { token: wrongKey, protocolVersion: PROTOCOL_VERSION })).toBe('UNAUTHENTICATED');
		expect(await handshakeRefusal(server, { token: algNone, protocolVersion: PROTOCOL_VERSION })).toBe('UNAUTHENTICATED');
		expect(await handshakeRefusal(server, { protocolVersion: PROTOCOL_VERSION })).toBe('UNAUTHENTICATED');
		const after = (await refusals(undefined)).filter(([action]) => action === 'socket:connect');
		expect(after.length - before).toBe(4);
		expect(after.map(([, code]) => code)).toEqual(expect.arrayContaining(['TOKEN_EXPIRED', 'UNAUTHENTICATED']));

		// The same tokens are refused by the HTTP API.
		for (const token of [expired, wrongKey, algNone]) {
			const response = await fetch(`${server.url}${HTTP_ROUTES.consultations}`, { headers: { authorization: `Bearer ${token}` } });
			expect(response.status).toBe(401);
		}
	});

	it('tells an app that speaks an older protocol to update, on the socket and over HTTP', async () => {
		const { accessToken } = await signIn(server, 'sok');
		expect(await handshakeRefusal(server, { token: accessToken, protocolVersion: 1 })).toBe('PROTOCOL_OUTDATED');
		// The walking skeleton's app sent no auth at all.
		expect(await handshakeRefusal(server, {})).toBe('PROTOCOL_OUTDATED');
		const response = await fetch(`${server.url}${HTTP_ROUTES.signIn}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'consultdesk-protocol': '1' },
			body: JSON.stringify({ username: 'sok', password: 'consultdesk-demo' }),
		});
		expect(response.status).toBe(426);
		expect(await response.json()).toMatchObject({ error: { code: 'PROTOCOL_OUTDATED' } });
	});

	it('refuses a replayed refresh token and ends that whole sign-in', async () => {
		const first = await signIn(server, 'wang');
		const refresh = (token: string) =>
			fetch(`${server.url}${HTTP_ROUTES.refresh}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: token }) });
		const rotated = await refresh(first.refreshToken);
		expect(rotated.status).toBe(200);
		const { refreshToken: newest } = (await rotated.json()) as { refreshToken: string };
		const replay = await refresh(first.refreshToken);
		expect(replay.status).toBe(401);
		expect(await replay.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
		expect((await refresh(newest)).status).toBe(401);
		expect(await refusals(first.account.accountId)).toContainEqual(['refresh', 'UNAUTHENTICATED']);
		const rows = await server.records.audit.list({ actorAccountId: first.account.accountId, outcome: 'refused' });
		expect(rows.some((r) => /replayed/.test(r.reason))).toBe(true);
	});

	it('disconnects a disabled account\'s live sockets at once and refuses it everywhere afterwards', async () => {
		const { accountId } = await createAccount(server, { username: 'wu', role: 'expert', specialties: ['general'] });
		const wu = await as('wu');
		const tokens = (wu as TestClient & { tokens: { accessToken: string; refreshToken: string } }).tokens;
		const admin = await as('admin');
		const ended = nextNotification(wu, 'session:ended');
		const gone = new Promise((resolve) => wu.once('disconnect', resolve));
		await sendRequest(admin, 'account:disable', { accountId });
		expect(await ended).toEqual({ reason: 'account-disabled' });
		await gone;
		expect(wu.connected).toBe(false);
		expect(await handshakeRefusal(server, { token: tokens.accessToken, protocolVersion: PROTOCOL_VERSION })).toBe('ACCOUNT_DISABLED');
		const signInAgain = await fetch(`${server.url}${HTTP_ROUTES.signIn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wu', password: 'consultdesk-demo' }) });
		expect(signInAgain.status).toBe(403);
		expect(await signInAgain.json()).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
		const refresh = await fetch(`${server.url}${HTTP_ROUTES.refresh}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: tokens.refreshToken }) });
		expect(refresh.status).toBe(401);
		await until(async () => (await refusals(accountId)).some(([action, code]) => action === 'socket:connect' && code === 'ACCOUNT_DISABLED'));
		const disabledBy = await server.records.audit.list({ outcome: 'allowed', actorAccountId: accountIdOf(admin) });
		expect(disabledBy.some((r) => r.action === 'account:disable' && r.targetAccountId === accountId)).toBe(true);
		// Only admins disable accounts.
		await expect(sendRequest(clinic, 'account:disable', { accountId: accountIdOf(wang) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
