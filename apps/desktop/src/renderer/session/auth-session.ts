import { ProtocolError, type Account, type ErrorCode, type SessionTokens } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { ApiClient } from './api-client.js';
import type { UserActivity } from './user-activity.js';

/** Why a session ended; the sign-in screen tells the user. */
export type SignOutReason = 'manual' | 'idle' | 'expired' | 'account-disabled';

export interface AuthSessionEvents {
	/** The account changed (a refresh brought new details). */
	change: [];
	/** Emitted once; the session is unusable afterwards. */
	'signed-out': [reason: SignOutReason];
}

export interface AuthSessionOptions {
	api: Pick<ApiClient, 'signIn' | 'refresh' | 'signOut'>;
	activity: UserActivity;
	/** After a refresh that got no answer, try again this much later. */
	retryDelayMs?: number;
}

/** Refresh failures worth retrying: the server was not reached or asked us to wait. */
const TRANSIENT: readonly ErrorCode[] = ['UNREACHABLE', 'TIMEOUT', 'RATE_LIMITED', 'INTERNAL'];

/**
 * A signed-in account and its tokens. The tokens live in this object only
 * (never in storage another page or process could read), the access token is
 * refreshed before it expires, and each refresh keeps the rotated refresh token
 * because the one just used is now revoked. Without user input for the
 * server's idleLogoutMinutes it signs out, except while paused (a live
 * consultation, where the doctor may be watching rather than touching).
 */
export class AuthSession extends EventEmitter<AuthSessionEvents> {
	readonly #api: AuthSessionOptions['api'];
	readonly #retryDelayMs: number;
	#tokens: SessionTokens;
	/** When the current tokens arrived, to size the refresh margin from their lifetime. */
	#receivedAt: number;
	#refreshing: Promise<void> | undefined;
	#refreshTimer: ReturnType<typeof setTimeout> | undefined;
	#idleTimer: ReturnType<typeof setTimeout> | undefined;
	#lastActivity: number;
	#pauses = 0;
	#stopWatchingActivity: () => void;
	#signedOut: SignOutReason | undefined;

	private constructor(tokens: SessionTokens, options: AuthSessionOptions) {
		super();
		this.#api = options.api;
		this.#retryDelayMs = options.retryDelayMs ?? 15_000;
		this.#tokens = tokens;
		this.#receivedAt = Date.now();
		this.#lastActivity = Date.now();
		this.#stopWatchingActivity = options.activity.subscribe(() => (this.#lastActivity = Date.now()));
		this.#scheduleRefresh();
		this.#scheduleIdleCheck();
	}

	/** Signs in; rejects with the server's code (INVALID_CREDENTIALS, ACCOUNT_DISABLED…) or UNREACHABLE. */
	static async signIn(options: AuthSessionOptions, username: string, password: string): Promise<AuthSession> {
		const tokens = await options.api.signIn(username, password);
		return new AuthSession(tokens, options);
	}

	get account(): Account {
		return this.#tokens.account;
	}

	get idleLogoutMinutes(): number {
		return this.#tokens.idleLogoutMinutes;
	}

	/** Why the session ended, once it has. */
	get signedOut(): SignOutReason | undefined {
		return this.#signedOut;
	}

	/**
	 * A valid access token, refreshed first when the current one is (nearly)
	 * expired, or is the one the server just `rejected` as expired (this
	 * terminal's clock may be behind the server's).
	 */
	async accessToken(rejected?: string): Promise<string> {
		this.#assertSignedIn();
		// A few seconds of slack for the clocks of this terminal and the server.
		const stale = Date.now() >= this.#tokens.accessTokenExpiresAt - 5_000 || rejected === this.#tokens.accessToken;
		if (stale) await this.#refresh();
		return this.#tokens.accessToken;
	}

	/**
	 * Runs an authorized call with the access token. If the server says the
	 * token expired (this terminal's clock may be off), refreshes and tries once more.
	 */
	async authorized<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
		const token = await this.accessToken();
		try {
			return await call(token);
		} catch (error) {
			if (!(error instanceof ProtocolError)) throw error;
			if (error.code === 'ACCOUNT_DISABLED') {
				void this.signOut('account-disabled');
				throw error;
			}
			if (error.code !== 'TOKEN_EXPIRED') throw error;
			// Another call may have refreshed meanwhile; then the token is simply the newer one.
			return call(await this.accessToken(token));
		}
	}

	/** Stops the idle logout until the returned function is called (a live consultation). */
	pauseIdleLogout(): () => void {
		this.#pauses++;
		clearTimeout(this.#idleTimer);
		let resumed = false;
		return () => {
			if (resumed) return;
			resumed = true;
			this.#pauses--;
			// The time spent paused counts as activity: the doctor just left the consultation.
			this.#lastActivity = Date.now();
			this.#scheduleIdleCheck();
		};
	}

	/** Ends the session at once and revokes the refresh token on the server (best effort). */
	async signOut(reason: SignOutReason = 'manual'): Promise<void> {
		if (this.#signedOut) return;
		this.#signedOut = reason;
		clearTimeout(this.#refreshTimer);
		clearTimeout(this.#idleTimer);
		this.#stopWatchingActivity();
		const { refreshToken } = this.#tokens;
		this.emit('signed-out', reason);
		this.removeAllListeners();
		// A refresh in flight has consumed the token; it revokes its successor itself.
		if (this.#refreshing) return;
		await this.#revoke(refreshToken);
	}

	#assertSignedIn(): void {
		if (this.#signedOut) throw new ProtocolError('UNAUTHENTICATED', `signed out (${this.#signedOut})`);
	}

	#refresh(): Promise<void> {
		this.#refreshing ??= this.#exchangeRefreshToken().finally(() => (this.#refreshing = undefined));
		return this.#refreshing;
	}

	async #exchangeRefreshToken(): Promise<void> {
		clearTimeout(this.#refreshTimer);
		let tokens: SessionTokens;
		try {
			tokens = await this.#api.refresh(this.#tokens.refreshToken);
		} catch (error) {
			if (this.#signedOut) throw error;
			const code = error instanceof ProtocolError ? error.code : 'INTERNAL';
			if (TRANSIENT.includes(code)) {
				// Keep the refresh token: the server never answered, so it may still be valid.
				this.#refreshTimer = setTimeout(() => void this.#refresh().catch(() => undefined), this.#retryDelayMs);
			} else {
				void this.signOut(code === 'ACCOUNT_DISABLED' ? 'account-disabled' : 'expired');
			}
			throw error;
		}
		if (this.#signedOut) {
			// Signed out while the refresh was under way: revoke what it brought.
			await this.#revoke(tokens.refreshToken);
			throw new ProtocolError('UNAUTHENTICATED', `signed out (${this.#signedOut})`);
		}
		this.#tokens = tokens;
		this.#receivedAt = Date.now();
		this.#scheduleRefresh();
		this.emit('change');
	}

	/** Refreshes a fifth of the token's lifetime before it ends: at least 5 s, at most a minute, early. */
	#scheduleRefresh(): void {
		clearTimeout(this.#refreshTimer);
		const lifetime = this.#tokens.accessTokenExpiresAt - this.#receivedAt;
		const margin = Math.min(60_000, Math.max(5_000, lifetime / 5));
		const delay = Math.max(0, this.#tokens.accessTokenExpiresAt - margin - Date.now());
		// Failures are handled inside (retry or sign out); nobody awaits this one.
		this.#refreshTimer = setTimeout(() => void this.#refresh().catch(() => undefined), delay);
	}

	#scheduleIdleCheck(): void {
		clearTimeout(this.#idleTimer);
		if (this.#pauses > 0 || this.#signedOut) return;
		const idleMs = this.#tokens.idleLogoutMinutes * 60_000;
		const remaining = this.#lastActivity + idleMs - Date.now();
		if (remaining <= 0) {
			void this.signOut('idle');
			return;
		}
		// Input only moves #lastActivity; the timer checks when it fires, so a busy pointer costs nothing here.
		this.#idleTimer = setTimeout(() => this.#scheduleIdleCheck(), remaining);
	}

	async #revoke(refreshToken: string): Promise<void> {
		// The server may be unreachable; the token then simply runs out on its own.
		await this.#api.signOut(refreshToken).catch(() => undefined);
	}
}
