import type { Presence, PresenceStatus } from '@consultdesk/protocol';
import { EventEmitter } from 'node:events';

interface Entry {
	connections: number;
	chosen: Presence;
}

export interface PresenceEvents {
	changed: [accountId: string, status: PresenceStatus];
}

/**
 * Which experts can be reached: what each chose (online, busy, away) while
 * they have at least one connection, offline otherwise. In memory: presence
 * is about now, and a restarted server learns it again as apps reconnect.
 */
export class PresenceRegistry extends EventEmitter<PresenceEvents> {
	readonly #entries = new Map<string, Entry>();

	status(accountId: string): PresenceStatus {
		const entry = this.#entries.get(accountId);
		return entry && entry.connections > 0 ? entry.chosen : 'offline';
	}

	connected(accountId: string): void {
		const before = this.status(accountId);
		const entry = this.#entries.get(accountId) ?? { connections: 0, chosen: 'online' };
		entry.connections += 1;
		this.#entries.set(accountId, entry);
		this.#changedFrom(accountId, before);
	}

	disconnected(accountId: string): void {
		const entry = this.#entries.get(accountId);
		if (!entry) return;
		const before = this.status(accountId);
		entry.connections -= 1;
		// An expert who comes back is online again, whatever they chose before.
		if (entry.connections <= 0) this.#entries.delete(accountId);
		this.#changedFrom(accountId, before);
	}

	set(accountId: string, presence: Presence): void {
		const entry = this.#entries.get(accountId);
		if (!entry) return;
		const before = this.status(accountId);
		entry.chosen = presence;
		this.#changedFrom(accountId, before);
	}

	#changedFrom(accountId: string, before: PresenceStatus): void {
		const now = this.status(accountId);
		if (now !== before) this.emit('changed', accountId, now);
	}
}
