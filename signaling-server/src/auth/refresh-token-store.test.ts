import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../database/database.js';
import { AccountStore } from '../records/account-store.js';
import { tempDataDir } from '../testing/test-server.js';
import { RefreshTokenStore } from './refresh-token-store.js';

let db: Database;
let store: RefreshTokenStore;
let accountId: string;

beforeAll(async () => {
	({ db } = await openDatabase(join(tempDataDir(), 'tokens.sqlite')));
	store = new RefreshTokenStore(db, { lifetimeMs: 60_000 });
	({ accountId } = await new AccountStore(db).create({ username: 'x', displayName: 'X', role: 'admin', passwordHash: 'h' }));
});
afterAll(() => db.destroy());

describe('RefreshTokenStore', () => {
	it('exchanges a token once for a new one, and stores only hashes', async () => {
		const first = await store.issue(accountId);
		const rotated = await store.rotate(first);
		expect(rotated).toMatchObject({ kind: 'rotated', accountId });
		const stored = await db.selectFrom('refresh_tokens').select('token_hash').execute();
		expect(stored.map((r) => r.token_hash)).not.toContain(first);
		expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
	});

	it('treats a second use as a replay and revokes the whole sign-in, including the newest token', async () => {
		const first = await store.issue(accountId);
		const second = await store.rotate(first);
		if (second.kind !== 'rotated') throw new Error('expected a rotation');
		expect(await store.rotate(first)).toEqual({ kind: 'replayed', accountId });
		expect(await store.rotate(second.token)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/revoked/) });
	});

	it('refuses an expired token, an unknown one, and one whose sign-in ended', async () => {
		const old = await store.issue(accountId, undefined, new Date(Date.now() - 120_000));
		expect(await store.rotate(old)).toMatchObject({ kind: 'invalid', reason: 'refresh token expired' });
		expect(await store.rotate('never-issued-token-value')).toMatchObject({ kind: 'invalid' });
		const signedOut = await store.issue(accountId);
		expect(await store.revokeFamilyOf(signedOut, 'signed out')).toBe(accountId);
		expect(await store.rotate(signedOut)).toMatchObject({ kind: 'invalid' });
	});
});
