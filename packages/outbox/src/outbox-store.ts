import { Dexie, type EntityTable } from 'dexie';

/** One piece of work waiting to reach the server: a vitals observation, later a stethoscope clip or a camera still. */
export interface OutboxJob<P = unknown> {
	/** Stable id made where the data was made (a reading's UUID): the server recognises a resend by it. */
	readonly id: string;
	/** Jobs of one queue are delivered in the order they were enqueued. */
	readonly queue: string;
	/** What the payload is, so the sender knows how to deliver it. */
	readonly kind: string;
	readonly payload: P;
	readonly enqueuedAt: number;
}

interface StoredJob extends OutboxJob {
	/** Auto-incremented: the FIFO order. */
	order?: number;
	/** 'failed': the server refused it for good (its code is kept); it is not sent again but not thrown away either. */
	state: 'pending' | 'failed';
	failure?: string;
}

export interface OutboxBacklog {
	/** Waiting to send, by kind. */
	readonly pending: Readonly<Record<string, number>>;
	readonly pendingTotal: number;
	/** Refused by the server, by kind. */
	readonly failed: Readonly<Record<string, number>>;
}

/**
 * Where a job's resumable upload lives on the server (a tus upload URL and
 * what the client library keeps with it), so an upload cut by a reload
 * resumes from the server's offset instead of from zero.
 */
export interface ResumableUpload {
	/** Unique per stored upload. */
	readonly key: string;
	/** What identifies the file being uploaded (the job's id). */
	readonly fingerprint: string;
	readonly value: unknown;
}

class OutboxDatabase extends Dexie {
	jobs!: EntityTable<StoredJob, 'order'>;
	uploads!: EntityTable<ResumableUpload, 'key'>;

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super(name, options);
		this.version(1).stores({ jobs: '++order, &id, [queue+order], [state+kind]' });
		// Version 2 adds where resumable uploads (stills, stethoscope clips) stand on the server.
		this.version(2).stores({ jobs: '++order, &id, [queue+order], [state+kind]', uploads: '&key, fingerprint' });
	}
}

/**
 * The outbox's jobs in IndexedDB: they survive a lost connection, a reload
 * of the app and a restart of the server. A job leaves only through
 * remove(), which the sender calls when the server has acknowledged it.
 */
export class OutboxStore {
	readonly #db: OutboxDatabase;
	readonly #listeners = new Set<() => void>();

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		this.#db = new OutboxDatabase(name, options);
	}

	/** Calls `listener` after every change to the jobs; returns the function that stops it. */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Adds jobs in the order given; a job whose id is already queued is left as it is (enqueueing is idempotent). */
	async enqueue(jobs: readonly Omit<OutboxJob, 'enqueuedAt'>[], now = Date.now()): Promise<void> {
		if (jobs.length === 0) return;
		await this.#db.transaction('rw', this.#db.jobs, async () => {
			const existing = new Set((await this.#db.jobs.where('id').anyOf(jobs.map((j) => j.id)).toArray()).map((j) => j.id));
			const fresh = jobs.filter((j) => !existing.has(j.id) && existing.add(j.id));
			await this.#db.jobs.bulkAdd(fresh.map((j) => ({ ...j, enqueuedAt: now, state: 'pending' as const })));
		});
		this.#changed();
	}

	/** Queues that have jobs waiting. */
	async queues(): Promise<string[]> {
		const keys = await this.#db.jobs.orderBy('[queue+order]').uniqueKeys();
		const queues = [...new Set(keys.map((k) => (k as unknown as [string, number])[0]))];
		const waiting = await Promise.all(queues.map(async (q) => ((await this.head(q, 1)).length > 0 ? q : undefined)));
		return waiting.filter((q): q is string => q !== undefined);
	}

	/** The oldest pending jobs of a queue, all of the first one's kind (a batch never jumps ahead of another kind). */
	async head(queue: string, limit: number): Promise<OutboxJob[]> {
		const batch: OutboxJob[] = [];
		await this.#db.jobs
			.where('[queue+order]')
			.between([queue, Dexie.minKey], [queue, Dexie.maxKey])
			.until((job) => batch.length >= limit || (batch[0] !== undefined && job.state === 'pending' && job.kind !== batch[0].kind))
			.each((job) => {
				if (job.state === 'pending' && (batch.length === 0 || job.kind === batch[0]?.kind) && batch.length < limit) {
					batch.push({ id: job.id, queue: job.queue, kind: job.kind, payload: job.payload, enqueuedAt: job.enqueuedAt });
				}
			});
		return batch;
	}

	/** Takes acknowledged jobs out for good. */
	async remove(ids: readonly string[]): Promise<void> {
		if (ids.length === 0) return;
		await this.#db.jobs.where('id').anyOf([...ids]).delete();
		this.#changed();
	}

	/** Keeps jobs the server refused for good, with its code, and stops sending them. */
	async markFailed(failures: readonly { id: string; code: string }[]): Promise<void> {
		if (failures.length === 0) return;
		await this.#db.transaction('rw', this.#db.jobs, async () => {
			for (const { id, code } of failures) await this.#db.jobs.where('id').equals(id).modify({ state: 'failed', failure: code });
		});
		this.#changed();
	}

	async backlog(): Promise<OutboxBacklog> {
		const pending: Record<string, number> = {};
		const failed: Record<string, number> = {};
		const keys = (await this.#db.jobs.orderBy('[state+kind]').uniqueKeys()) as unknown as [StoredJob['state'], string][];
		for (const [state, kind] of keys) {
			const count = await this.#db.jobs.where('[state+kind]').equals([state, kind]).count();
			(state === 'pending' ? pending : failed)[kind] = count;
		}
		return { pending, pendingTotal: Object.values(pending).reduce((a, b) => a + b, 0), failed };
	}

	/** Remembers where a job's upload stands on the server; kept until forgotten, across reloads. */
	async rememberUpload(upload: ResumableUpload): Promise<void> {
		await this.#db.uploads.put(upload);
	}

	/** Uploads remembered for one file, or all of them. */
	async findUploads(fingerprint?: string): Promise<ResumableUpload[]> {
		return fingerprint === undefined ? this.#db.uploads.toArray() : this.#db.uploads.where('fingerprint').equals(fingerprint).toArray();
	}

	async forgetUpload(key: string): Promise<void> {
		await this.#db.uploads.delete(key);
	}

	/** A job still waiting (pending or refused), with its payload: the UI shows what is on its way. */
	async jobs(kind: string): Promise<(OutboxJob & { state: 'pending' | 'failed'; failure?: string | undefined })[]> {
		const all = await this.#db.jobs.orderBy('order').filter((j) => j.kind === kind).toArray();
		return all.map((j) => ({ id: j.id, queue: j.queue, kind: j.kind, payload: j.payload, enqueuedAt: j.enqueuedAt, state: j.state, failure: j.failure }));
	}

	close(): void {
		this.#db.close();
		this.#listeners.clear();
	}

	#changed(): void {
		for (const listener of this.#listeners) listener();
	}
}
