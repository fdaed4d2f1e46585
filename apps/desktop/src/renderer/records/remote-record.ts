import { EventEmitter } from 'eventemitter3';

export interface RemoteRecordSnapshot<T> {
	value: T | undefined;
	loading: boolean;
	error: unknown;
}

/**
 * One thing read from the server on demand (a patient's history, the account
 * list), for a screen to show with its loading and error states. A newer load
 * wins over an older one still under way.
 */
export class RemoteRecord<T> extends EventEmitter<{ change: [] }> {
	readonly #fetch: () => Promise<T>;
	#snapshot: RemoteRecordSnapshot<T> = { value: undefined, loading: false, error: undefined };
	#generation = 0;

	constructor(fetch: () => Promise<T>) {
		super();
		this.#fetch = fetch;
	}

	get snapshot(): RemoteRecordSnapshot<T> {
		return this.#snapshot;
	}

	async load(): Promise<void> {
		const generation = ++this.#generation;
		this.#update({ loading: true, error: undefined });
		try {
			const value = await this.#fetch();
			if (generation === this.#generation) this.#update({ value, loading: false });
		} catch (error) {
			if (generation === this.#generation) this.#update({ loading: false, error });
		}
	}

	#update(change: Partial<RemoteRecordSnapshot<T>>): void {
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}
