import type { ExpertSummary, Presence } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { SignalingConnection } from '../session/signaling-connection.js';

export interface ExpertDirectorySnapshot {
	/** Every expert with their presence, by name. */
	experts: readonly ExpertSummary[];
	loading: boolean;
	error: unknown;
}

/**
 * The experts and their presence, for experts (whom to invite, and their own
 * switch) and admins (whom to assign): expert:list, kept live by
 * presence:changed where the server sends it (to admins). Experts are not sent
 * each other's changes, so their screens refresh() when they pick a colleague.
 */
export class ExpertDirectory extends EventEmitter<{ change: [] }> {
	readonly #connection: Pick<SignalingConnection, 'request' | 'subscribe' | 'on' | 'off'>;
	readonly #unsubscribe: (() => void)[] = [];
	#snapshot: ExpertDirectorySnapshot = { experts: [], loading: true, error: undefined };
	#closed = false;

	constructor(connection: Pick<SignalingConnection, 'request' | 'subscribe' | 'on' | 'off'>) {
		super();
		this.#connection = connection;
	}

	get snapshot(): ExpertDirectorySnapshot {
		return this.#snapshot;
	}

	async start(): Promise<void> {
		const onConnected = () => void this.refresh();
		this.#connection.on('connected', onConnected);
		this.#unsubscribe.push(
			() => void this.#connection.off('connected', onConnected),
			this.#connection.subscribe('presence:changed', ({ accountId, presence }) => this.#setPresence(accountId, presence)),
		);
		await this.refresh();
	}

	async refresh(): Promise<void> {
		this.#update({ loading: true });
		try {
			const { experts } = await this.#connection.request('expert:list', {});
			this.#update({ experts: [...experts].sort((a, b) => a.displayName.localeCompare(b.displayName)), loading: false, error: undefined });
		} catch (error) {
			this.#update({ loading: false, error });
		}
	}

	/** An expert's own switch: online, busy or away. */
	async setOwnPresence(accountId: string, presence: Presence): Promise<void> {
		await this.#connection.request('presence:set', { presence });
		this.#setPresence(accountId, presence);
	}

	presenceOf(accountId: string): ExpertSummary['presence'] | undefined {
		return this.#snapshot.experts.find((e) => e.accountId === accountId)?.presence;
	}

	close(): void {
		this.#closed = true;
		for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
		this.removeAllListeners();
	}

	#setPresence(accountId: string, presence: ExpertSummary['presence']): void {
		if (!this.#snapshot.experts.some((e) => e.accountId === accountId)) return;
		this.#update({ experts: this.#snapshot.experts.map((e) => (e.accountId === accountId ? { ...e, presence } : e)) });
	}

	#update(change: Partial<ExpertDirectorySnapshot>): void {
		if (this.#closed) return;
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}
