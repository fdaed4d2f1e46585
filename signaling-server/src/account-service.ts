import { ProtocolError, type Account, type ExpertSummary, type Presence } from '@consultdesk/protocol';
import type { RefreshTokenStore } from './auth/refresh-token-store.js';
import { policy, type Decision } from './policy.js';
import type { PresenceRegistry } from './presence-registry.js';
import { publicAccount, type AccountStore } from './records/account-store.js';
import type { AuditLog } from './records/audit-log.js';

/** Ends every live connection of an account; implemented by the socket gateway. */
export interface SessionTerminator {
	endSessions(accountId: string, reason: 'account-disabled'): void;
}

export interface AccountServiceOptions {
	accounts: AccountStore;
	refreshTokens: RefreshTokenStore;
	presence: PresenceRegistry;
	audit: AuditLog;
	sessions: SessionTerminator;
}

/** People: experts' presence, the list of experts, and what admins do to accounts. */
export class AccountService {
	readonly #o: AccountServiceOptions;

	constructor(options: AccountServiceOptions) {
		this.#o = options;
	}

	async setPresence(actor: Account, presence: Presence): Promise<void> {
		await this.#check(actor, 'presence:set', actor.role === 'expert' ? { allowed: true } : { allowed: false, code: 'FORBIDDEN', reason: 'only experts have a presence' });
		this.#o.presence.set(actor.accountId, presence);
	}

	/** Experts with their presence, for inviting a colleague or assigning a consultation. */
	async listExperts(actor: Account): Promise<ExpertSummary[]> {
		await this.#check(actor, 'expert:list', actor.role === 'clinic-doctor' ? { allowed: false, code: 'FORBIDDEN', reason: 'clinic doctors do not pick experts' } : { allowed: true });
		const experts = await this.#o.accounts.listExperts();
		return experts
			.filter((e) => !e.disabled)
			.map((e) => ({ accountId: e.accountId, displayName: e.displayName, specialties: e.specialties, presence: this.#o.presence.status(e.accountId) }));
	}

	async list(actor: Account): Promise<Account[]> {
		await this.#check(actor, 'account:list', policy.admin(actor, 'list accounts'));
		return (await this.#o.accounts.list()).map(publicAccount);
	}

	/** Disables an account: no new sign-in or refresh, and its open connections close now. */
	async disable(actor: Account, accountId: string): Promise<void> {
		const target = await this.#o.accounts.findById(accountId);
		await this.#check(actor, 'account:disable', policy.disableAccount(actor, target), accountId);
		await this.#o.accounts.setDisabled(accountId, true);
		await this.#o.refreshTokens.revokeAccount(accountId, 'account disabled');
		await this.#o.audit.record({ action: 'account:disable', outcome: 'allowed', actorAccountId: actor.accountId, targetAccountId: accountId, reason: 'disabled by an admin' });
		this.#o.sessions.endSessions(accountId, 'account-disabled');
	}

	async #check(actor: Account, action: string, decision: Decision, targetAccountId?: string): Promise<void> {
		if (decision.allowed) return;
		await this.#o.audit.record({ action, outcome: 'refused', actorAccountId: actor.accountId, targetAccountId, code: decision.code, reason: decision.reason });
		throw new ProtocolError(decision.code, decision.reason);
	}
}
