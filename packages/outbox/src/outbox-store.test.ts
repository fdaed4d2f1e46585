import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxStore } from './outbox-store.js';

let n = 0;
const stores: OutboxStore[] = [];
function open(name = `outbox-test-${n++}`): OutboxStore {
	const store = new OutboxStore(name);
	stores.push(store);
	return store;
}
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const job = (id: string, kind = 'vitals', queue = 'c1') => ({ id, queue, kind, payload: { id } });

describe('OutboxStore', () => {
	it('keeps jobs in FIFO order per queue, and enqueues each id once', async () => {
		const store = open();
		await store.enqueue([job('a'), job('b'), job('x', 'vitals', 'c2')]);
		await store.enqueue([job('a'), job('c')]);
		expect((await store.head('c1', 10)).map((j) => j.id)).toEqual(['a', 'b', 'c']);
		expect(await store.queues()).toEqual(['c1', 'c2']);
		expect(await store.backlog()).toEqual({ pending: { vitals: 4 }, pendingTotal: 4, failed: {} });
	});

	it('batches only consecutive jobs of the first kind', async () => {
		const store = open();
		await store.enqueue([job('a'), job('b'), job('s', 'still'), job('c')]);
		expect((await store.head('c1', 10)).map((j) => j.id)).toEqual(['a', 'b']);
		expect((await store.head('c1', 1)).map((j) => j.id)).toEqual(['a']);
		await store.remove(['a', 'b']);
		expect((await store.head('c1', 10)).map((j) => j.id)).toEqual(['s']);
	});

	it('keeps refused jobs aside, counted but not sent again', async () => {
		const store = open();
		await store.enqueue([job('a'), job('b')]);
		await store.markFailed([{ id: 'a', code: 'FORBIDDEN' }]);
		expect((await store.head('c1', 10)).map((j) => j.id)).toEqual(['b']);
		expect(await store.backlog()).toEqual({ pending: { vitals: 1 }, pendingTotal: 1, failed: { vitals: 1 } });
	});

	it('survives closing and opening again, as after a reload', async () => {
		const first = open('outbox-reload');
		await first.enqueue([job('a'), job('b')]);
		first.close();
		const again = open('outbox-reload');
		expect((await again.head('c1', 10)).map((j) => j.id)).toEqual(['a', 'b']);
	});

	it('tells listeners about changes', async () => {
		const store = open();
		let changes = 0;
		const stop = store.onChange(() => changes++);
		await store.enqueue([job('a')]);
		await store.remove(['a']);
		stop();
		await store.enqueue([job('b')]);
		expect(changes).toBe(2);
	});

	it('remembers resumable uploads across a reload until they are forgotten', async () => {
		const first = open('outbox-uploads');
		await first.enqueue([job('still-1', 'attachment')]);
		await first.rememberUpload({ key: 'k1', fingerprint: 'still-1', value: { uploadUrl: '/u/still-1' } });
		await first.rememberUpload({ key: 'k2', fingerprint: 'still-2', value: { uploadUrl: '/u/still-2' } });
		first.close();
		const again = open('outbox-uploads');
		expect(await again.findUploads('still-1')).toEqual([{ key: 'k1', fingerprint: 'still-1', value: { uploadUrl: '/u/still-1' } }]);
		await again.forgetUpload('k1');
		expect((await again.findUploads()).map((u) => u.key)).toEqual(['k2']);
		expect((await again.jobs('attachment')).map((j) => [j.id, j.state])).toEqual([['still-1', 'pending']]);
	});
});
