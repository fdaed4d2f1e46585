import { ProtocolError, type SessionTokens } from '@consultdesk/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from './api-client.js';
import { AuthSession, type SignOutReason } from './auth-session.js';
import type { UserActivity } from './user-activity.js';

const MINUTE = 60_000;

/** A server that hands out numbered tokens and remembers which refresh tokens it revoked. */
class FakeAuthServer implements Pick<ApiClient, 'signIn' | 'refresh' | 'signOut'> {
	issued = 0;
	valid = new Set<string>();
	revoked: string[] = [];
	refreshedWith: string[] = [];
	failNextRefresh: ProtocolError | undefined;
	accessLifetimeMs = 15 * MINUTE;

	async signIn(): Promise<SessionTokens> {
		return this.#issue();
	}

	async refresh(refreshToken: string): Promise<SessionTokens> {
		this.refreshedWith.push(refreshToken);
		const failure = this.failNextRefresh;
		this.failNextRefresh = undefined;
		if (failure) throw failure;
		if (!this.valid.delete(refreshToken)) throw new ProtocolError('UNAUTHENTICATED', 'refresh token reused');
		return this.#issue();
	}

	async signOut(refreshToken: string): Promise<void> {
		this.valid.delete(refreshToken);
		this.revoked.push(refreshToken);
	}

	#issue(): SessionTokens {
		const n = ++this.issued;
		const refreshToken = `refresh-${n}-0123456789abcdef`;
		this.valid.add(refreshToken);
		return {
			accessToken: `access-${n}`,
			accessTokenExpiresAt: Date.now() + this.accessLifetimeMs,
			refreshToken,
			account: { accountId: 'acc-sok', username: 'sok', displayName: 'Dr Sok Chenda', role: 'clinic-doctor', specialties: [], disabled: false },
			idleLogoutMinutes: 30,
		};
	}
}

/** Input the test triggers by hand. */
class FakeActivity implements UserActivity {
	listeners = new Set<() => void>();
	subscribe(listener: () => void) {
		this.listeners.add(listener);
		return () => void this.listeners.delete(listener);
	}
	input() {
		for (const l of this.listeners) l();
	}
}

async function signIn(server = new FakeAuthServer(), activity = new FakeActivity()) {
	const session = await AuthSession.signIn({ api: server, activity, retryDelayMs: 10_000 }, 'sok', 'consultdesk-demo');
	const reasons: SignOutReason[] = [];
	session.on('signed-out', (reason) => reasons.push(reason));
	return { session, server, activity, reasons };
}

beforeEach(() => {
	vi.useFakeTimers({ now: new Date('2025-01-10T08:00:00Z') });
});

afterEach(() => {
	vi.useRealTimers();
});

describe('AuthSession', () => {
	it('refreshes the access token a minute before it expires and keeps the rotated refresh token', async () => {
		const { session, server } = await signIn();
		expect(await session.accessToken()).toBe('access-1');

		await vi.advanceTimersByTimeAsync(14 * MINUTE - 1_000);
		expect(server.refreshedWith).toEqual([]);
		await vi.advanceTimersByTimeAsync(1_000);
		expect(server.refreshedWith).toEqual(['refresh-1-0123456789abcdef']);
		expect(await session.accessToken()).toBe('access-2');

		// The next refresh must use the newest refresh token: the first is revoked.
		await vi.advanceTimersByTimeAsync(14 * MINUTE);
		expect(server.refreshedWith).toEqual(['refresh-1-0123456789abcdef', 'refresh-2-0123456789abcdef']);
		expect(await session.accessToken()).toBe('access-3');
		expect(session.signedOut).toBeUndefined();
		await session.signOut();
	});

	it('sizes the margin from short token lifetimes', async () => {
		const server = new FakeAuthServer();
		server.accessLifetimeMs = 30_000;
		const { session } = await signIn(server);
		await vi.advanceTimersByTimeAsync(23_999);
		expect(server.refreshedWith).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(server.refreshedWith).toHaveLength(1);
		await session.signOut();
	});

	it('refreshes once for concurrent callers that find the token expired', async () => {
		const { session, server } = await signIn();
		vi.setSystemTime(Date.now() + 15 * MINUTE); // the timer has not fired yet: a sleeping laptop
		const tokens = await Promise.all([session.accessToken(), session.accessToken(), session.authorized(async (t) => t)]);
		expect(tokens).toEqual(['access-2', 'access-2', 'access-2']);
		expect(server.refreshedWith).toHaveLength(1);
		await session.signOut();
	});

	it('retries an authorized call once with a refreshed token when the server says it expired', async () => {
		const { session } = await signIn();
		const seen: string[] = [];
		const answer = await session.authorized(async (token) => {
			seen.push(token);
			if (token === 'access-1') throw new ProtocolError('TOKEN_EXPIRED', 'clock skew');
			return 'records';
		});
		expect(answer).toBe('records');
		expect(seen).toEqual(['access-1', 'access-2']);
		await session.signOut();
	});

	it('keeps the refresh token and retries later when the server cannot be reached', async () => {
		const { session, server, reasons } = await signIn();
		server.failNextRefresh = new ProtocolError('UNREACHABLE', 'offline');
		await vi.advanceTimersByTimeAsync(14 * MINUTE);
		expect(server.refreshedWith).toEqual(['refresh-1-0123456789abcdef']);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(server.refreshedWith).toEqual(['refresh-1-0123456789abcdef', 'refresh-1-0123456789abcdef']);
		expect(await session.accessToken()).toBe('access-2');
		expect(reasons).toEqual([]);
		await session.signOut();
	});

	it('signs out as expired when the server refuses the refresh token', async () => {
		const { session, server, reasons } = await signIn();
		server.valid.clear();
		await vi.advanceTimersByTimeAsync(14 * MINUTE);
		expect(reasons).toEqual(['expired']);
		expect(session.signedOut).toBe('expired');
		await expect(session.accessToken()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});

	it('signs out as account-disabled when the refresh says so', async () => {
		const { server, reasons } = await signIn();
		server.failNextRefresh = new ProtocolError('ACCOUNT_DISABLED', 'disabled by an admin');
		await vi.advanceTimersByTimeAsync(14 * MINUTE);
		expect(reasons).toEqual(['account-disabled']);
	});

	it('signs out after the idle time without input, and input postpones it', async () => {
		const { session, activity, reasons } = await signIn();
		await vi.advanceTimersByTimeAsync(20 * MINUTE);
		activity.input();
		await vi.advanceTimersByTimeAsync(29 * MINUTE);
		expect(reasons).toEqual([]);
		await vi.advanceTimersByTimeAsync(1 * MINUTE);
		expect(reasons).toEqual(['idle']);
		expect(session.signedOut).toBe('idle');
		expect(activity.listeners.size).toBe(0);
	});

	it('does not sign out for idleness while paused, and counts from the end of the pause', async () => {
		const { session, reasons } = await signIn();
		const resume = session.pauseIdleLogout();
		await vi.advanceTimersByTimeAsync(90 * MINUTE);
		expect(reasons).toEqual([]);
		resume();
		resume(); // a second call changes nothing
		await vi.advanceTimersByTimeAsync(29 * MINUTE);
		expect(reasons).toEqual([]);
		await vi.advanceTimersByTimeAsync(1 * MINUTE);
		expect(reasons).toEqual(['idle']);
	});

	it('revokes the newest refresh token on sign-out and stops refreshing', async () => {
		const { session, server, reasons } = await signIn();
		await vi.advanceTimersByTimeAsync(14 * MINUTE);
		await session.signOut();
		expect(reasons).toEqual(['manual']);
		expect(server.revoked).toEqual(['refresh-2-0123456789abcdef']);
		await vi.advanceTimersByTimeAsync(60 * MINUTE);
		expect(server.refreshedWith).toHaveLength(1);
		await session.signOut('idle');
		expect(reasons).toEqual(['manual']);
	});

	it('revokes what a refresh in flight brings when the user signs out meanwhile', async () => {
		const server = new FakeAuthServer();
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const refresh = server.refresh.bind(server);
		server.refresh = async (token) => {
			await gate;
			return refresh(token);
		};
		const { session } = await signIn(server);
		await vi.advanceTimersByTimeAsync(14 * MINUTE);
		await session.signOut();
		expect(server.revoked).toEqual([]);
		release();
		await vi.advanceTimersByTimeAsync(0);
		expect(server.revoked).toEqual(['refresh-2-0123456789abcdef']);
		expect(server.valid.size).toBe(0);
	});
});
