import type { VitalsMessage } from '@consultdesk/protocol';

export interface VitalsHistorySnapshot {
	latest: VitalsMessage | undefined;
	/** Newest first, at most `capacity` messages. */
	recent: VitalsMessage[];
	/** Readings that never arrived, by sequence-number gaps. */
	missed: number;
	/** Readings that arrived after a newer one and were not shown as latest. */
	late: number;
}

/**
 * What the expert has seen of one device's vitals stream. Immutable, so React
 * can compare snapshots by reference.
 */
export class VitalsHistory {
	private constructor(
		readonly capacity: number,
		readonly recent: readonly VitalsMessage[],
		readonly missed = 0,
		readonly late = 0,
	) {}

	static withCapacity(capacity: number): VitalsHistory {
		return new VitalsHistory(capacity, []);
	}

	get latest(): VitalsMessage | undefined {
		return this.recent[0];
	}

	add(message: VitalsMessage): VitalsHistory {
		const newest = this.latest;
		if (newest && message.seq <= newest.seq) {
			return new VitalsHistory(this.capacity, this.recent, this.missed, this.late + 1);
		}
		const gap = newest ? message.seq - newest.seq - 1 : 0;
		return new VitalsHistory(this.capacity, [message, ...this.recent].slice(0, this.capacity), this.missed + gap, this.late);
	}
}
