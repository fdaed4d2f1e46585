import { ProtocolError, type SessionTokens } from '@consultdesk/protocol';
import type { AccountRecord, AccountStore } from '../records/account-store.js';
import { publicAccount } from '../records/account-store.js';
import type { AuditLog } from '../records/audit-log.js';
import type { AccessTokens } from './access-tokens.js';
import { verifyNothing, verifyPassword } from './password-hasher.js';
import type { RefreshTokenStore } from './refresh-token-store.js';

export interface AuthServiceOptions {
	accounts: AccountStore;
	refreshTokens: RefreshTokenStore;
	accessTokens: AccessTokens;
	audit: AuditLog;
	idleLogoutMinutes: number;
}

/** Who asked, for the audit log. */
export interface RequestOrigin {
	remoteAddress?: string | undefined;
}

/**
 * Sign-in, token refresh and sign-out, and turning an access token back into
 * an account. Every refusal is audited with its reason; the caller only
 * learns the code.
 */
export class AuthService {
	readonly #o: AuthServiceOptions;

	constructor(options: AuthServiceOptions) {
		this.#o = options;
	}

	async signIn(username: string, password: string, origin: RequestOrigin = {}): Promise<SessionTokens> {
		const account = await this.#o.accounts.findByUsername(username);
		const valid = account ? await verifyPassword(account.passwordHash, password) : await verifyNothing(password);
		if (!account || !valid) {
			await this.#refuse('sign-in', 'INVALID_CREDENTIALS', account ? 'wrong password' : 'unknown user name', origin, account?.accountId);
			throw new ProtocolError('INVALID_CREDENTIALS', 'wrong user name or password');
		}
		if (account.disabled) {
			await this.#refuse('sign-in', 'ACCOUNT_DISABLED', 'account disabled', origin, account.accountId);
			throw new ProtocolError('ACCOUNT_DISABLED', 'this account is disabled');
		}
		await this.#o.audit.record({ action: 'sign-in', outcome: 'allowed', actorAccountId: account.accountId, reason: 'password verified', remoteAddress: origin.remoteAddress });
		return this.#tokensFor(account, await this.#o.refreshTokens.issue(account.accountId));
	}

	async refresh(refreshToken: string, origin: RequestOrigin = {}): Promise<SessionTokens> {
		const result = await this.#o.refreshTokens.rotate(refreshToken);
		if (result.kind === 'replayed') {
			await this.#refuse('refresh', 'UNAUTHENTICATED', 'refresh token replayed; its sign-in was revoked', origin, result.accountId);
			throw new ProtocolError('UNAUTHENTICATED', 'this refresh token was already used; sign in again');
		}
		if (result.kind === 'invalid') {
			await this.#refuse('refresh', 'UNAUTHENTICATED', result.reason, origin, result.accountId);
			throw new ProtocolError('UNAUTHENTICATED', 'sign in again');
		}
		const account = await this.#o.accounts.findById(result.accountId);
		if (!account || account.disabled) {
			await this.#refuse('refresh', 'ACCOUNT_DISABLED', 'account disabled', origin, result.accountId);
			throw new ProtocolError('ACCOUNT_DISABLED', 'this account is disabled');
		}
		return this.#tokensFor(account, result.token);
	}

	async signOut(refreshToken: string, origin: RequestOrigin = {}): Promise<void> {
		const accountId = await this.#o.refreshTokens.revokeFamilyOf(refreshToken, 'signed out');
		if (accountId) await this.#o.audit.record({ action: 'sign-out', outcome: 'allowed', actorAccountId: accountId, reason: 'signed out', remoteAddress: origin.remoteAddress });
	}

	/** The enabled account behind an access token; audits and throws otherwise. */
	async authenticate(accessToken: string, action: string, origin: RequestOrigin = {}): Promise<AccountRecord> {
		let accountId: string;
		try {
			({ accountId } = await this.#o.accessTokens.verify(accessToken));
		} catch (error) {
			const refusal = error as ProtocolError;
			await this.#refuse(action, refusal.code, refusal.message, origin);
			throw error;
		}
		const account = await this.#o.accounts.findById(accountId);
		if (!account) {
			await this.#refuse(action, 'UNAUTHENTICATED', 'token for an account that does not exist', origin);
			throw new ProtocolError('UNAUTHENTICATED', 'sign in again');
		}
		if (account.disabled) {
			await this.#refuse(action, 'ACCOUNT_DISABLED', 'account disabled', origin, account.accountId);
			throw new ProtocolError('ACCOUNT_DISABLED', 'this account is disabled');
		}
		return account;
	}

	async #tokensFor(account: AccountRecord, refreshToken: string): Promise<SessionTokens> {
		const access = await this.#o.accessTokens.issue(account.accountId);
		return {
			accessToken: access.token,
			accessTokenExpiresAt: access.expiresAt,
			refreshToken,
			account: publicAccount(account),
			idleLogoutMinutes: this.#o.idleLogoutMinutes,
		};
	}

	#refuse(action: string, code: string, reason: string, origin: RequestOrigin, actorAccountId?: string): Promise<void> {
		return this.#o.audit.record({ action, outcome: 'refused', code, reason, actorAccountId, remoteAddress: origin.remoteAddress });
	}
}
