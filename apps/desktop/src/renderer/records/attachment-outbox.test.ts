import 'fake-indexeddb/auto';
import { OutboxStore } from '@consultdesk/outbox';
import { ProtocolError, type Attachment } from '@consultdesk/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentOutbox, sha256Hex, type AttachmentUploader, type UploadRequest } from './attachment-outbox.js';
import { OutboxUrlStorage } from './tus-attachment-uploader.js';

/**
 * A server that keeps each upload's bytes by id (as the tus server does),
 * stores a finished one once if its hash is right, and a link the test can
 * cut part-way through an upload.
 */
class FakeServer implements AttachmentUploader {
	online = true;
	/** Cut the link after this many bytes of the next upload. */
	cutAfter: number | undefined;
	refuse: string | undefined;
	corruptNext = false;
	readonly received = new Map<string, Uint8Array>();
	readonly stored = new Map<string, Attachment>();
	readonly storeCount = new Map<string, number>();
	readonly bytesSent: number[] = [];

	async upload({ declaration, blob, onProgress }: UploadRequest): Promise<void> {
		if (!this.online) throw new ProtocolError('UNREACHABLE', 'offline');
		if (this.refuse) throw new ProtocolError(this.refuse as 'FORBIDDEN', 'refused');
		if (this.stored.has(declaration.id)) throw new ProtocolError('CONFLICT', 'already stored');
		const all = new Uint8Array(await blob.arrayBuffer());
		const have = this.received.get(declaration.id) ?? new Uint8Array(0);
		const end = this.cutAfter === undefined ? all.byteLength : Math.min(all.byteLength, have.byteLength + this.cutAfter);
		const next = new Uint8Array(end);
		next.set(have);
		next.set(all.subarray(have.byteLength, end), have.byteLength);
		if (this.corruptNext) {
			next[0] = next[0]! ^ 0xff;
			this.corruptNext = false;
		}
		this.bytesSent.push(end - have.byteLength);
		this.received.set(declaration.id, next);
		onProgress(end, all.byteLength);
		if (this.cutAfter !== undefined) {
			this.cutAfter = undefined;
			this.online = false;
			throw new ProtocolError('UNREACHABLE', 'link cut during the upload');
		}
		this.received.delete(declaration.id);
		if ((await sha256Hex(new Blob([next]))) !== declaration.sha256) throw new ProtocolError('CHECKSUM_MISMATCH', 'bad bytes');
		this.stored.set(declaration.id, { ...declaration, state: 'stored', source: 'clinic', storedAt: new Date().toISOString() } as Attachment);
		this.storeCount.set(declaration.id, (this.storeCount.get(declaration.id) ?? 0) + 1);
	}

	readRecord = async (id: string): Promise<Attachment> => {
		if (!this.online) throw new ProtocolError('UNREACHABLE', 'offline');
		const found = this.stored.get(id);
		if (!found) throw new ProtocolError('NOT_FOUND', 'no such attachment');
		return found;
	};
}

let n = 0;
const open: AttachmentOutbox[] = [];
afterEach(async () => {
	for (const outbox of open.splice(0)) await outbox.close();
});

function setUp(server = new FakeServer(), accountId = `clinic-${n++}`) {
	const outbox = new AttachmentOutbox({ accountId, uploader: server, readRecord: server.readRecord });
	open.push(outbox);
	return { outbox, server };
}

const until = async (check: () => boolean) => {
	for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
	expect(check()).toBe(true);
};

const still = (size = 10_000, seed = 7) => new Blob([Uint8Array.from({ length: size }, (_, i) => (i * seed) % 251)], { type: 'image/png' });
const input = (blob: Blob, consultationId = 'c1') => ({ consultationId, kind: 'still' as const, contentType: 'image/png' as const, capturedAt: 1_763_780_000_000, width: 100, height: 50, caption: 'ECG strip', blob });

describe('AttachmentOutbox', () => {
	it('keeps the still first, uploads it, and forgets it only once the server holds it with the same hash', async () => {
		const { outbox, server } = setUp();
		server.online = false;
		const declaration = await outbox.add(input(still()));
		expect(declaration.sha256).toMatch(/^[0-9a-f]{64}$/);
		await until(() => outbox.items.length === 1);
		expect(outbox.items[0]).toMatchObject({ state: 'pending', declaration: { id: declaration.id, byteLength: 10_000 } });
		server.online = true;
		outbox.retryNow();
		await until(() => outbox.items.length === 0);
		expect(server.stored.get(declaration.id)?.sha256).toBe(declaration.sha256);
	});

	it('resumes after the link was cut mid-upload and the app reloaded, sending only the rest, and stores it once', async () => {
		const server = new FakeServer();
		server.cutAfter = 4000;
		const first = setUp(server, 'clinic-reload');
		const declaration = await first.outbox.add(input(still(10_000)));
		await until(() => !server.online);
		expect(server.received.get(declaration.id)?.byteLength).toBe(4000);
		// The app is closed while the link is down, and opened again later.
		await first.outbox.close();
		open.splice(open.indexOf(first.outbox), 1);
		server.online = true;
		const again = setUp(server, 'clinic-reload');
		await until(() => server.stored.has(declaration.id));
		await until(() => again.outbox.items.length === 0);
		expect(server.bytesSent).toEqual([4000, 6000]);
		expect(server.storeCount.get(declaration.id)).toBe(1);
	});

	it('takes "already stored" as the acknowledgement it is when the answer to the last byte was lost', async () => {
		const server = new FakeServer();
		const { outbox } = setUp(server);
		const blob = still();
		const declaration = await outbox.add(input(blob));
		await until(() => outbox.items.length === 0);
		// The same still queued again (the job survived while its acknowledgement was lost).
		await outbox.add({ ...input(blob), id: declaration.id });
		await until(() => outbox.items.length === 0);
		expect(server.storeCount.get(declaration.id)).toBe(1);
	});

	it('sends a still again when the server received damaged bytes, and sets aside what the server refuses for good', async () => {
		const server = new FakeServer();
		const { outbox } = setUp(server);
		server.corruptNext = true;
		const good = await outbox.add(input(still()));
		await until(() => server.stored.has(good.id));
		server.refuse = 'TOO_LARGE';
		const big = await outbox.add(input(still(20_000, 3)));
		await until(() => outbox.items.some((i) => i.declaration.id === big.id && i.state === 'failed'));
		expect(outbox.items.find((i) => i.declaration.id === big.id)?.failure).toBe('TOO_LARGE');
	});

	it('keeps tus-js-client\'s upload URLs in the outbox\'s own database', async () => {
		const store = new OutboxStore(`urls-${n++}`);
		const storage = new OutboxUrlStorage(store);
		const key = await storage.addUpload('attachment:a1', { size: 10, metadata: {}, creationTime: 'now', uploadUrl: '/api/v1/attachments/uploads/a1', parallelUploadUrls: null, urlStorageKey: '' });
		expect(await storage.findUploadsByFingerprint('attachment:a1')).toEqual([expect.objectContaining({ uploadUrl: '/api/v1/attachments/uploads/a1', urlStorageKey: key })]);
		await storage.removeUpload(key);
		expect(await storage.findAllUploads()).toEqual([]);
		store.close();
	});
});
