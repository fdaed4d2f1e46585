import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from './access-tokens.js';

const secret = new TextEncoder().encode('a-test-secret-of-at-least-thirty-two-bytes');
const tokens = new AccessTokens({ secret, lifetimeSeconds: 900 });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('AccessTokens', () => {
	it('round-trips the account id and expiry', async () => {
		const { token, expiresAt } = await tokens.issue('account-1');
		expect(await tokens.verify(token)).toEqual({ accountId: 'account-1', expiresAt });
	});

	it('says TOKEN_EXPIRED for a genuine token past its time', async () => {
		const { token } = await tokens.issue('account-1', Date.now() - 3600_000);
		await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
	});

	it('refuses forgeries: another key, alg none, another algorithm, wrong audience, garbage', async () => {
		const otherKey = new TextEncoder().encode('an-attackers-secret-of-thirty-two-bytes!!');
		const wrongKey = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setIssuer('consultdesk-server').setAudience('consultdesk-app').setExpirationTime('1h').sign(otherKey);
		const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', iss: 'consultdesk-server', aud: 'consultdesk-app', exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
		const hs512 = await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject('admin').setIssuer('consultdesk-server').setAudience('consultdesk-app').setExpirationTime('1h').sign(secret);
		const otherAudience = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setIssuer('consultdesk-server').setAudience('someone-else').setExpirationTime('1h').sign(secret);
		for (const forged of [wrongKey, unsigned, hs512, otherAudience, 'not.a.token', '']) {
			await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		}
	});
});
