import { FINAL_STATES, type Consultation } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { OfflineCache } from '../session/offline-cache.js';
import type { ConnectionStatus, SignalingConnection } from '../session/signaling-connection.js';

export interface OpenConsultationsSnapshot {
	/** Consultations that are not over and that this account may see, oldest request first. */
	consultations: readonly Consultation[];
	/** While the list shown is the copy saved on this terminal: when the server gave it. */
	savedAt: number | undefined;
	loading: boolean;
	/** Why the last refresh failed (UNREACHABLE while offline). */
	error: unknown;
}

/**
 * The consultations that are not over, as the server shows this account: a
 * clinic's own, an expert's queue and own, everything for an admin. Loaded with
 * consultation:list-open, then kept live by consultation:updated and
 * consultation:withdrawn, and saved per account for reading offline.
 */
export class OpenConsultations extends EventEmitter<{ change: [] }> {
	readonly #connection: Pick<SignalingConnection, 'request' | 'subscribe' | 'on' | 'off'>;
	readonly #cache: Pick<OfflineCache, 'readList' | 'saveList'>;
	readonly #accountId: string;
	readonly #unsubscribe: (() => void)[] = [];
	#snapshot: OpenConsultationsSnapshot = { consultations: [], savedAt: undefined, loading: true, error: undefined };
	/** Once the server has answered, the saved copy is out of date and must not overwrite it. */
	#fromServer = false;
	/**
	 * Changes that arrived while a list-open request was under way; the answer
	 * may have been built before them, so they are applied again on top of it.
	 */
	#changedDuringRefresh: Map<string, Consultation | 'withdrawn'> | undefined;
	#closed = false;

	constructor(options: {
		connection: Pick<SignalingConnection, 'request' | 'subscribe' | 'on' | 'off'>;
		cache: Pick<OfflineCache, 'readList' | 'saveList'>;
		accountId: string;
	}) {
		super();
		this.#connection = options.connection;
		this.#cache = options.cache;
		this.#accountId = options.accountId;
	}

	get snapshot(): OpenConsultationsSnapshot {
		return this.#snapshot;
	}

	/** Shows the saved copy at once, then asks the server; listens for changes from then on. */
	async start(): Promise<void> {
		const onConnected = () => void this.refresh();
		// Live until the connection dropped; from then on it is a saved list, as of that moment.
		const onStatus = (status: ConnectionStatus) => {
			if (status === 'reconnecting' && this.#fromServer && this.#snapshot.savedAt === undefined) this.#update({ savedAt: Date.now() });
		};
		this.#connection.on('connected', onConnected);
		this.#connection.on('status', onStatus);
		this.#unsubscribe.push(
			() => void this.#connection.off('connected', onConnected),
			() => void this.#connection.off('status', onStatus),
			this.#connection.subscribe('consultation:updated', (consultation) => this.apply(consultation)),
			this.#connection.subscribe('consultation:withdrawn', ({ consultationId }) => this.#withdraw(consultationId)),
		);
		const refreshed = this.refresh();
		const saved = await this.#cache.readList(this.#accountId, 'open');
		if (saved && !this.#fromServer && !this.#closed) this.#update({ consultations: sortByRequest(saved.consultations), savedAt: saved.savedAt });
		await refreshed;
	}

	async refresh(): Promise<void> {
		this.#update({ loading: true });
		const changed = new Map<string, Consultation | 'withdrawn'>();
		this.#changedDuringRefresh = changed;
		try {
			const { consultations } = await this.#connection.request('consultation:list-open', {});
			if (this.#changedDuringRefresh !== changed) return; // a newer refresh owns the list now
			this.#fromServer = true;
			const byId = new Map(consultations.map((c) => [c.consultationId, c]));
			for (const [id, change] of changed) {
				if (change === 'withdrawn') byId.delete(id);
				else byId.set(id, change);
			}
			this.#update({ consultations: sortByRequest([...byId.values()].filter(isOpen)), savedAt: undefined, loading: false, error: undefined });
			this.#save();
		} catch (error) {
			if (this.#changedDuringRefresh === changed) this.#update({ loading: false, error });
		} finally {
			if (this.#changedDuringRefresh === changed) this.#changedDuringRefresh = undefined;
		}
	}

	/** Takes in a newer state of one consultation: from a notification, or the answer to this terminal's own request. */
	apply(consultation: Consultation): void {
		this.#changedDuringRefresh?.set(consultation.consultationId, consultation);
		if (!isOpen(consultation)) {
			this.#remove(consultation.consultationId);
			return;
		}
		const others = this.#snapshot.consultations.filter((c) => c.consultationId !== consultation.consultationId);
		this.#update({ consultations: sortByRequest([...others, consultation]) });
		this.#save();
	}

	find(consultationId: string): Consultation | undefined {
		return this.#snapshot.consultations.find((c) => c.consultationId === consultationId);
	}

	close(): void {
		this.#closed = true;
		for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
		this.removeAllListeners();
	}

	#withdraw(consultationId: string): void {
		this.#changedDuringRefresh?.set(consultationId, 'withdrawn');
		this.#remove(consultationId);
	}

	#remove(consultationId: string): void {
		if (!this.find(consultationId)) return;
		this.#update({ consultations: this.#snapshot.consultations.filter((c) => c.consultationId !== consultationId) });
		this.#save();
	}

	#save(): void {
		// Only what the server said is worth keeping; the saved copy is a convenience, so a failure is ignored.
		if (this.#fromServer) void this.#cache.saveList(this.#accountId, 'open', this.#snapshot.consultations);
	}

	#update(change: Partial<OpenConsultationsSnapshot>): void {
		if (this.#closed) return;
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}

export function isOpen(consultation: Consultation): boolean {
	return !FINAL_STATES.includes(consultation.state);
}

function sortByRequest(consultations: readonly Consultation[]): Consultation[] {
	return [...consultations].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}
