import type { OutboxJob, OutboxStore } from './outbox-store.js';
import { RetryBackoff } from './retry-backoff.js';

/** What the server said about a batch: stored (now or before), or refused for good with a code. */
export interface DeliveryResult {
	readonly acknowledged: readonly string[];
	readonly rejected: readonly { id: string; code: string }[];
}

/** Sends one batch of jobs of one kind; throws (or rejects) when the server could not be reached. */
export type Deliver = (kind: string, jobs: readonly OutboxJob[]) => Promise<DeliveryResult>;

export interface OutboxSenderOptions {
	/** Jobs per delivery; the server's message size limit bounds it. */
	batchSize?: number;
	backoff?: RetryBackoff;
	now?: () => number;
}

/**
 * Drains an OutboxStore: per queue, the oldest jobs first, in batches of one
 * kind; a batch that fails is retried after a growing wait, and nothing
 * behind it in its queue goes first. Jobs are removed only once acknowledged.
 */
export class OutboxSender {
	readonly #store: OutboxStore;
	readonly #deliver: Deliver;
	readonly #batchSize: number;
	readonly #backoff: RetryBackoff;
	readonly #now: () => number;
	readonly #failures = new Map<string, number>();
	readonly #retryAt = new Map<string, number>();
	#running = false;
	#wake: (() => void) | undefined;
	/** Set by every wake-up, so one that comes while the loop is busy is not lost. */
	#dirty = false;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#loop: Promise<void> | undefined;
	#unsubscribe: (() => void) | undefined;

	constructor(store: OutboxStore, deliver: Deliver, options: OutboxSenderOptions = {}) {
		this.#store = store;
		this.#deliver = deliver;
		this.#batchSize = options.batchSize ?? 50;
		this.#backoff = options.backoff ?? new RetryBackoff();
		this.#now = options.now ?? Date.now;
	}

	/** Starts sending; new jobs are sent as soon as they are enqueued. */
	start(): void {
		if (this.#running) return;
		this.#running = true;
		this.#unsubscribe = this.#store.onChange(() => this.#wakeUp());
		this.#loop = this.#run();
	}

	/** The connection is back: retry every queue now instead of after its back-off. */
	nudge(): void {
		this.#retryAt.clear();
		this.#failures.clear();
		this.#wakeUp();
	}

	/** Stops after the delivery in flight; jobs stay in the store. */
	async stop(): Promise<void> {
		this.#running = false;
		this.#unsubscribe?.();
		this.#wakeUp();
		await this.#loop;
	}

	async #run(): Promise<void> {
		while (this.#running) {
			this.#dirty = false;
			let progressed = false;
			let nextWake = Number.POSITIVE_INFINITY;
			for (const queue of await this.#store.queues()) {
				if (!this.#running) break;
				const retryAt = this.#retryAt.get(queue) ?? 0;
				if (retryAt > this.#now()) {
					nextWake = Math.min(nextWake, retryAt);
					continue;
				}
				if (await this.#sendHead(queue)) progressed = true;
				else nextWake = Math.min(nextWake, this.#retryAt.get(queue) ?? Number.POSITIVE_INFINITY);
			}
			if (!progressed && this.#running) await this.#sleep(nextWake - this.#now());
		}
	}

	/** Sends a queue's head batch; false when it failed (and the queue now waits). */
	async #sendHead(queue: string): Promise<boolean> {
		const batch = await this.#store.head(queue, this.#batchSize);
		const first = batch[0];
		if (!first) return false;
		try {
			const result = await this.#deliver(first.kind, batch);
			const inBatch = new Set(batch.map((j) => j.id));
			const acknowledged = result.acknowledged.filter((id) => inBatch.has(id));
			const rejected = result.rejected.filter((r) => inBatch.has(r.id));
			await this.#store.remove(acknowledged);
			await this.#store.markFailed(rejected);
			if (acknowledged.length + rejected.length === 0) throw new Error('the server settled none of the batch');
			this.#failures.delete(queue);
			this.#retryAt.delete(queue);
			return true;
		} catch {
			// Unreachable or refused as a whole: the batch stays first in its queue.
			const failures = (this.#failures.get(queue) ?? 0) + 1;
			this.#failures.set(queue, failures);
			this.#retryAt.set(queue, this.#now() + this.#backoff.delayMs(failures));
			return false;
		}
	}

	#sleep(ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			if (this.#dirty) return resolve();
			this.#wake = resolve;
			if (Number.isFinite(ms)) this.#timer = setTimeout(resolve, Math.max(0, ms));
		}).then(() => {
			clearTimeout(this.#timer);
			this.#wake = undefined;
		});
	}

	#wakeUp(): void {
		this.#dirty = true;
		this.#wake?.();
	}
}
