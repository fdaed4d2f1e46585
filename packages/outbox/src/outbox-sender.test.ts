import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxSender, type Deliver } from './outbox-sender.js';
import { OutboxStore, type OutboxJob } from './outbox-store.js';
import { RetryBackoff } from './retry-backoff.js';

let n = 0;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const step of cleanup.splice(0).reverse()) await step();
});

function setUp(deliver: Deliver, batchSize = 3) {
	const store = new OutboxStore(`sender-test-${n++}`);
	const sender = new OutboxSender(store, deliver, { batchSize, backoff: new RetryBackoff(5, 40, () => 0) });
	cleanup.push(() => store.close(), () => sender.stop());
	return { store, sender };
}

const job = (id: string, kind = 'vitals') => ({ id, queue: 'c1', kind, payload: id });
const until = async (check: () => Promise<boolean> | boolean) => {
	for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
	expect(await check()).toBe(true);
};

describe('OutboxSender', () => {
	it('delivers in FIFO order, in batches of one kind, and removes what the server acknowledged', async () => {
		const batches: string[][] = [];
		const { store, sender } = setUp(async (kind, jobs) => {
			batches.push([kind, ...jobs.map((j) => j.id)]);
			return { acknowledged: jobs.map((j) => j.id), rejected: [] };
		});
		await store.enqueue(['a', 'b', 'c', 'd'].map((id) => job(id)).concat(job('s', 'still'), job('e')));
		sender.start();
		await until(async () => (await store.backlog()).pendingTotal === 0);
		expect(batches).toEqual([
			['vitals', 'a', 'b', 'c'],
			['vitals', 'd'],
			['still', 's'],
			['vitals', 'e'],
		]);
	});

	it('keeps a batch first while the server is unreachable, backs off, and sends it when it comes back', async () => {
		let reachable = false;
		const attempts: number[] = [];
		const delivered: string[] = [];
		const { store, sender } = setUp(async (_kind, jobs) => {
			attempts.push(Date.now());
			if (!reachable) throw new Error('offline');
			delivered.push(...jobs.map((j) => j.id));
			return { acknowledged: jobs.map((j) => j.id), rejected: [] };
		});
		await store.enqueue([job('a'), job('b')]);
		sender.start();
		await until(() => attempts.length >= 4);
		expect((await store.backlog()).pendingTotal).toBe(2);
		// 5, 10, 20 ms: each wait at least as long as the last.
		const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
		expect(gaps[2]!).toBeGreaterThanOrEqual(15);
		reachable = true;
		sender.nudge();
		await until(async () => (await store.backlog()).pendingTotal === 0);
		expect(delivered).toEqual(['a', 'b']);
	});

	it('removes only acknowledged jobs; keeps refused ones aside; retries the rest', async () => {
		let call = 0;
		const seen: string[][] = [];
		const { store, sender } = setUp(async (_kind, jobs: readonly OutboxJob[]) => {
			seen.push(jobs.map((j) => j.id));
			call++;
			if (call === 1) return { acknowledged: ['a'], rejected: [{ id: 'b', code: 'INVALID_PAYLOAD' }] };
			return { acknowledged: jobs.map((j) => j.id), rejected: [] };
		});
		await store.enqueue([job('a'), job('b'), job('c')]);
		sender.start();
		await until(async () => (await store.backlog()).pendingTotal === 0);
		expect(seen).toEqual([['a', 'b', 'c'], ['c']]);
		expect((await store.backlog()).failed).toEqual({ vitals: 1 });
	});

	it('sends jobs enqueued while it runs', async () => {
		const delivered: string[] = [];
		const { store, sender } = setUp(async (_kind, jobs) => {
			delivered.push(...jobs.map((j) => j.id));
			return { acknowledged: jobs.map((j) => j.id), rejected: [] };
		});
		sender.start();
		for (const id of ['a', 'b', 'c', 'd', 'e']) {
			await store.enqueue([job(id)]);
			await new Promise((r) => setTimeout(r, 2));
		}
		await until(() => delivered.length === 5);
		expect(delivered).toEqual(['a', 'b', 'c', 'd', 'e']);
	});
});
