import { describe, expect, it } from 'vitest';
import { INBOUND_STALL_MS, InboundWatchdog } from './inbound-watchdog.js';

/** A watchdog on a clock and packet counters the test moves by hand. */
function harness() {
	let now = 0;
	const counts = new Map<string, number>();
	const changes: (number | undefined)[] = [];
	const watchdog = new InboundWatchdog({ packetCounts: async () => counts, onChange: (since) => changes.push(since), now: () => now });
	return {
		counts,
		changes,
		async at(ms: number) {
			now = ms;
			await watchdog.poll();
		},
	};
}

describe('InboundWatchdog', () => {
	it('says media stopped when every flowing stream stopped for the stall time, dated from the last packet', async () => {
		const h = harness();
		h.counts.set('stethoscope', 10).set('video', 5);
		await h.at(0);
		h.counts.set('stethoscope', 60).set('video', 30);
		await h.at(1000);
		await h.at(1000 + INBOUND_STALL_MS - 1);
		expect(h.changes).toEqual([]);
		await h.at(1000 + INBOUND_STALL_MS);
		expect(h.changes).toEqual([1000]);
	});

	it('does not call it stopped while any stream still flows', async () => {
		const h = harness();
		h.counts.set('stethoscope', 10).set('video', 5);
		await h.at(0);
		for (let t = 500; t <= 10_000; t += 500) {
			h.counts.set('stethoscope', 10 + t);
			await h.at(t);
		}
		expect(h.changes).toEqual([]);
	});

	it('expects nothing of streams that never flowed (a source not sending yet)', async () => {
		const h = harness();
		h.counts.set('voice', 0);
		await h.at(0);
		await h.at(10_000);
		expect(h.changes).toEqual([]);
	});

	it('says so again when packets arrive', async () => {
		const h = harness();
		h.counts.set('stethoscope', 10);
		await h.at(0);
		await h.at(INBOUND_STALL_MS + 100);
		h.counts.set('stethoscope', 11);
		await h.at(INBOUND_STALL_MS + 600);
		expect(h.changes).toEqual([0, undefined]);
	});
});
