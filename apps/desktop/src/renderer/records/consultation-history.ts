import { ProtocolError, type Consultation } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { ApiClient } from '../session/api-client.js';
import type { AuthSession } from '../session/auth-session.js';
import type { OfflineCache } from '../session/offline-cache.js';
import type { SignalingConnection } from '../session/signaling-connection.js';

export interface ConsultationHistorySnapshot {
	/** Newest request first. */
	consultations: readonly Consultation[];
	/** While the list shown is the copy saved on this terminal: when the server gave it. */
	savedAt: number | undefined;
	loading: boolean;
	error: unknown;
}

/** How many consultations the history shows; older ones stay on the server. */
export const HISTORY_LENGTH = 50;

/**
 * The account's consultation history from GET consultations (a clinic's, an
 * expert's own, everything for an admin), shown from the saved copy first and
 * kept current: a consultation it lists is updated in place, and one that
 * reaches an end state or gains an expert makes it ask the server again.
 */
export class ConsultationHistory extends EventEmitter<{ change: [] }> {
	readonly #session: Pick<AuthSession, 'authorized'>;
	readonly #api: Pick<ApiClient, 'consultations'>;
	readonly #connection: Pick<SignalingConnection, 'subscribe' | 'on' | 'off'>;
	readonly #cache: Pick<OfflineCache, 'readList' | 'saveList'>;
	readonly #accountId: string;
	readonly #everyUpdateIsHistory: boolean;
	readonly #unsubscribe: (() => void)[] = [];
	#snapshot: ConsultationHistorySnapshot = { consultations: [], savedAt: undefined, loading: true, error: undefined };
	#fromServer = false;
	/** When the server last answered, to date the list when a later refresh cannot reach it. */
	#fetchedAt: number | undefined;
	#refreshTimer: ReturnType<typeof setTimeout> | undefined;
	#closed = false;

	constructor(options: {
		session: Pick<AuthSession, 'authorized'>;
		api: Pick<ApiClient, 'consultations'>;
		connection: Pick<SignalingConnection, 'subscribe' | 'on' | 'off'>;
		cache: Pick<OfflineCache, 'readList' | 'saveList'>;
		accountId: string;
		/**
		 * True where everything the server pushes belongs in the history (a
		 * clinic's own requests, an admin's everything); false for an expert.
		 */
		everyUpdateIsHistory: boolean;
	}) {
		super();
		this.#session = options.session;
		this.#api = options.api;
		this.#connection = options.connection;
		this.#cache = options.cache;
		this.#accountId = options.accountId;
		this.#everyUpdateIsHistory = options.everyUpdateIsHistory;
	}

	get snapshot(): ConsultationHistorySnapshot {
		return this.#snapshot;
	}

	async start(): Promise<void> {
		const onConnected = () => void this.refresh();
		this.#connection.on('connected', onConnected);
		this.#unsubscribe.push(
			() => void this.#connection.off('connected', onConnected),
			this.#connection.subscribe('consultation:updated', (consultation) => this.#onUpdated(consultation)),
		);
		const refreshed = this.refresh();
		const saved = await this.#cache.readList(this.#accountId, 'history');
		if (saved && !this.#fromServer && !this.#closed) this.#update({ consultations: saved.consultations, savedAt: saved.savedAt });
		await refreshed;
	}

	async refresh(): Promise<void> {
		clearTimeout(this.#refreshTimer);
		this.#update({ loading: true });
		try {
			const consultations = await this.#session.authorized((token) => this.#api.consultations(token, { limit: HISTORY_LENGTH }));
			this.#fromServer = true;
			this.#fetchedAt = Date.now();
			this.#update({ consultations: newestFirst(consultations), savedAt: undefined, loading: false, error: undefined });
			void this.#cache.saveList(this.#accountId, 'history', consultations);
		} catch (error) {
			// Unreachable: what is shown stays, dated, rather than an error over a list that is merely old.
			const unreachable = error instanceof ProtocolError && error.code === 'UNREACHABLE';
			if (unreachable && this.#snapshot.savedAt === undefined && this.#fetchedAt !== undefined) this.#update({ loading: false, savedAt: this.#fetchedAt });
			else if (unreachable && this.#snapshot.savedAt !== undefined) this.#update({ loading: false });
			else this.#update({ loading: false, error });
		}
	}

	close(): void {
		this.#closed = true;
		clearTimeout(this.#refreshTimer);
		for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
		this.removeAllListeners();
	}

	#onUpdated(consultation: Consultation): void {
		const known = this.#snapshot.consultations.some((c) => c.consultationId === consultation.consultationId);
		if (known) {
			const consultations = this.#snapshot.consultations.map((c) => (c.consultationId === consultation.consultationId ? consultation : c));
			this.#update({ consultations });
			if (this.#fromServer) void this.#cache.saveList(this.#accountId, 'history', consultations);
			return;
		}
		if (this.#everyUpdateIsHistory) {
			const consultations = newestFirst([consultation, ...this.#snapshot.consultations]);
			this.#update({ consultations });
			if (this.#fromServer) void this.#cache.saveList(this.#accountId, 'history', consultations);
			return;
		}
		// An expert is shown every waiting request in their specialties, but only
		// the ones they took part in are their history: that is the server's to say.
		if (consultation.state !== 'requested') this.#refreshSoon();
	}

	/** Several updates often come together (accept, then live); one request answers them all. */
	#refreshSoon(): void {
		clearTimeout(this.#refreshTimer);
		this.#refreshTimer = setTimeout(() => void this.refresh(), 500);
	}

	#update(change: Partial<ConsultationHistorySnapshot>): void {
		if (this.#closed) return;
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}

function newestFirst(consultations: readonly Consultation[]): Consultation[] {
	return [...consultations].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
}
