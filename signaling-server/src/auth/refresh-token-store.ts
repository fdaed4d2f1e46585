import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../database/database.js';
import type { DatabaseSchema } from '../database/schema.js';

export type RotateResult =
	| { kind: 'rotated'; accountId: string; token: string }
	/** Unknown, expired or revoked: sign in again. */
	| { kind: 'invalid'; reason: string; accountId?: string }
	/** Already exchanged once: someone holds a copy. The whole family is revoked. */
	| { kind: 'replayed'; accountId: string };

function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/**
 * Refresh tokens: random, single-use, stored only as their hash. Each use
 * returns a new one of the same family (one sign-in); presenting a used token
 * again revokes the family, so a stolen copy dies with its first replay.
 */
export class RefreshTokenStore {
	readonly #db: Database;
	readonly #lifetimeMs: number;

	constructor(db: Database, options: { lifetimeMs: number }) {
		this.#db = db;
		this.#lifetimeMs = options.lifetimeMs;
	}

	issue(accountId: string, familyId: string = randomUUID(), now = new Date()): Promise<string> {
		return this.#insert(this.#db, accountId, familyId, now);
	}

	async rotate(token: string, now = new Date()): Promise<RotateResult> {
		return this.#db.transaction().execute(async (trx) => {
			const row = await trx.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
			if (!row) return { kind: 'invalid', reason: 'unknown refresh token' };
			if (row.revoked_at) return { kind: 'invalid', reason: `refresh token revoked (${row.revoked_reason ?? 'revoked'})`, accountId: row.account_id };
			if (row.used_at) {
				await trx
					.updateTable('refresh_tokens')
					.set({ revoked_at: now.toISOString(), revoked_reason: 'replayed' })
					.where('family_id', '=', row.family_id)
					.where('revoked_at', 'is', null)
					.execute();
				return { kind: 'replayed', accountId: row.account_id };
			}
			if (row.expires_at <= now.toISOString()) return { kind: 'invalid', reason: 'refresh token expired', accountId: row.account_id };
			const used = await trx
				.updateTable('refresh_tokens')
				.set({ used_at: now.toISOString() })
				.where('id', '=', row.id)
				.where('used_at', 'is', null)
				.executeTakeFirst();
			if (used.numUpdatedRows !== 1n) return { kind: 'replayed', accountId: row.account_id };
			return { kind: 'rotated', accountId: row.account_id, token: await this.#insert(trx, row.account_id, row.family_id, now) };
		});
	}

	/** Ends the sign-in this token belongs to; true if it was known. */
	async revokeFamilyOf(token: string, reason: string, now = new Date()): Promise<string | undefined> {
		const row = await this.#db.selectFrom('refresh_tokens').select(['family_id', 'account_id']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
		if (!row) return undefined;
		await this.#db
			.updateTable('refresh_tokens')
			.set({ revoked_at: now.toISOString(), revoked_reason: reason })
			.where('family_id', '=', row.family_id)
			.where('revoked_at', 'is', null)
			.execute();
		return row.account_id;
	}

	/** A new random token of the family; only its hash is stored. */
	async #insert(db: Database | Transaction<DatabaseSchema>, accountId: string, familyId: string, now: Date): Promise<string> {
		const token = randomBytes(32).toString('base64url');
		await db
			.insertInto('refresh_tokens')
			.values({
				id: randomUUID(),
				account_id: accountId,
				family_id: familyId,
				token_hash: hashToken(token),
				created_at: now.toISOString(),
				expires_at: new Date(now.getTime() + this.#lifetimeMs).toISOString(),
				used_at: null,
				revoked_at: null,
				revoked_reason: null,
			})
			.execute();
		return token;
	}

	async revokeAccount(accountId: string, reason: string, now = new Date()): Promise<void> {
		await this.#db
			.updateTable('refresh_tokens')
			.set({ revoked_at: now.toISOString(), revoked_reason: reason })
			.where('account_id', '=', accountId)
			.where('revoked_at', 'is', null)
			.execute();
	}
}
