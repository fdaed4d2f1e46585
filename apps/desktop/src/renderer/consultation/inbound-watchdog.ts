/**
 * How long without a single inbound audio packet before media counts as
 * stopped. The stethoscope sends 50 packets a second (no DTX) and voice at
 * least one every 400 ms (DTX), so this is a stall, not a quiet moment.
 */
export const INBOUND_STALL_MS = 1200;
const POLL_MS = 250;

export interface InboundWatchdogOptions {
	/** Packets received so far on every stream being received now, by stream id (from getStats). */
	packetCounts: () => Promise<ReadonlyMap<string, number>>;
	onChange: (stalledSince: number | undefined) => void;
	now?: () => number;
}

/**
 * Notices within a few seconds that media from the other side stopped
 * arriving, before ICE or the socket give up (which takes longer): the
 * streams that were flowing all stop growing their packet counts. Streams
 * that never flowed (a source that is not sending yet) are not expected.
 */
export class InboundWatchdog {
	readonly #o: InboundWatchdogOptions;
	readonly #now: () => number;
	readonly #last = new Map<string, { packets: number; at: number }>();
	#stalledSince: number | undefined;
	#timer: ReturnType<typeof setInterval> | undefined;
	#polling = false;

	constructor(options: InboundWatchdogOptions) {
		this.#o = options;
		this.#now = options.now ?? Date.now;
	}

	start(): void {
		this.#timer ??= setInterval(() => void this.poll(), POLL_MS);
	}

	stop(): void {
		clearInterval(this.#timer);
		this.#timer = undefined;
	}

	/** One look at the counters; exposed for tests, which drive time themselves. */
	async poll(): Promise<void> {
		if (this.#polling) return;
		this.#polling = true;
		try {
			const counts = await this.#o.packetCounts();
			const now = this.#now();
			for (const id of this.#last.keys()) if (!counts.has(id)) this.#last.delete(id);
			let flowing = false;
			let expected = false;
			for (const [id, packets] of counts) {
				const last = this.#last.get(id);
				if (!last || packets > last.packets) this.#last.set(id, { packets, at: now });
				const seen = this.#last.get(id)!;
				if (seen.packets === 0) continue;
				expected = true;
				if (now - seen.at < INBOUND_STALL_MS) flowing = true;
			}
			const stalled = expected && !flowing;
			if (stalled && this.#stalledSince === undefined) {
				this.#stalledSince = Math.max(...[...this.#last.values()].map((s) => s.at));
				this.#o.onChange(this.#stalledSince);
			} else if (!stalled && this.#stalledSince !== undefined) {
				this.#stalledSince = undefined;
				this.#o.onChange(undefined);
			}
		} finally {
			this.#polling = false;
		}
	}
}
