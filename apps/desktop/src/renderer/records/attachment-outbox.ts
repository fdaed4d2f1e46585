import { OutboxSender, OutboxStore, type DeliveryResult, type OutboxJob } from '@consultdesk/outbox';
import { attachmentDeclarationSchema, ProtocolError, type Attachment, type AttachmentDeclaration } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';

/** The outbox job kind of one attachment (a still, later a stethoscope clip). */
export const ATTACHMENT_JOB = 'attachment';

/** Refusals that sending again cannot change. CHECKSUM_MISMATCH is not among them: the bytes kept here are checked first. */
const FINAL_REFUSALS = new Set(['INVALID_STATE', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_PAYLOAD', 'CONFLICT', 'TOO_LARGE', 'UNSUPPORTED_MEDIA']);

export interface AttachmentPayload {
	declaration: AttachmentDeclaration;
	/** The bytes, kept in IndexedDB until the server has stored them. */
	blob: Blob;
}

export interface UploadRequest extends AttachmentPayload {
	onProgress: (sentBytes: number, totalBytes: number) => void;
}

/** Sends one attachment's bytes, resuming where the server stands; rejects with a ProtocolError (UNREACHABLE when no answer came). */
export interface AttachmentUploader {
	upload(request: UploadRequest): Promise<void>;
}

/** Reads an attachment's record on the server (NOT_FOUND before its upload began). */
export type AttachmentRecordReader = (id: string) => Promise<Attachment>;

/** One attachment still at the clinic: on its way, or refused by the server for good. */
export interface OutgoingAttachment {
	declaration: AttachmentDeclaration;
	blob: Blob;
	state: 'pending' | 'failed';
	failure?: string | undefined;
	sentBytes: number;
}

export interface AttachmentOutboxOptions {
	accountId: string;
	uploader: AttachmentUploader;
	readRecord: AttachmentRecordReader;
	/** Told when the signalling link came back: retry now rather than after the back-off. */
	connection?: { on(event: 'connected', listener: () => void): unknown; off(event: 'connected', listener: () => void): unknown };
	/** Tests pass their own store (fake IndexedDB). */
	store?: OutboxStore;
}

/** What the clinic says about a new attachment; the id, hash and size are filled in here. */
export type NewAttachment = Omit<AttachmentDeclaration, 'id' | 'sha256' | 'byteLength'> & { blob: Blob; id?: string };

/** The IndexedDB database of one account's attachment outbox. */
export const attachmentOutboxName = (accountId: string) => `consultdesk-attachments-${accountId}`;

export async function sha256Hex(blob: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The clinic's outbox for attachments: a still is written to IndexedDB
 * (its Blob with its declaration) before anything else, then uploaded
 * resumably, one at a time per consultation, and forgotten only when the
 * server's record says it is stored with the same SHA-256. Its own database
 * and sender, so a large still on a slow link never holds up vitals.
 */
export class AttachmentOutbox extends EventEmitter<{ change: [items: readonly OutgoingAttachment[]] }> {
	readonly #store: OutboxStore;
	readonly #sender: OutboxSender;
	readonly #o: AttachmentOutboxOptions;
	readonly #sent = new Map<string, number>();
	#items: readonly OutgoingAttachment[] = [];
	readonly #stop: (() => void)[] = [];

	constructor(options: AttachmentOutboxOptions) {
		super();
		this.#o = options;
		this.#store = options.store ?? new OutboxStore(attachmentOutboxName(options.accountId));
		this.#sender = new OutboxSender(this.#store, (kind, jobs) => this.#deliver(kind, jobs), { batchSize: 1 });
		this.#stop.push(this.#store.onChange(() => void this.#refresh()));
		if (options.connection) {
			const onConnected = () => this.#sender.nudge();
			options.connection.on('connected', onConnected);
			this.#stop.push(() => options.connection?.off('connected', onConnected));
		}
		this.#sender.start();
		void this.#refresh();
	}

	/** The store, for the uploader's record of where each upload stands. */
	get store(): OutboxStore {
		return this.#store;
	}

	/** Everything not yet stored on the server, oldest first. */
	get items(): readonly OutgoingAttachment[] {
		return this.#items;
	}

	/** Keeps a new attachment at the clinic and queues its upload; resolves with its declaration once it is safe in IndexedDB. */
	async add(input: NewAttachment): Promise<AttachmentDeclaration> {
		const { blob, ...rest } = input;
		const declaration = attachmentDeclarationSchema.parse({ ...rest, id: input.id ?? crypto.randomUUID(), sha256: await sha256Hex(blob), byteLength: blob.size });
		await this.#store.enqueue([{ id: declaration.id, queue: `attachments:${declaration.consultationId}`, kind: ATTACHMENT_JOB, payload: { declaration, blob } satisfies AttachmentPayload }]);
		return declaration;
	}

	/** Try now (the link is back, the doctor pressed retry). */
	retryNow(): void {
		this.#sender.nudge();
	}

	async close(): Promise<void> {
		for (const stop of this.#stop.splice(0)) stop();
		await this.#sender.stop();
		this.#store.close();
		this.removeAllListeners();
	}

	async #deliver(kind: string, jobs: readonly OutboxJob[]): Promise<DeliveryResult> {
		const job = jobs[0]!;
		const reject = (code: string): DeliveryResult => ({ acknowledged: [], rejected: [{ id: job.id, code }] });
		if (kind !== ATTACHMENT_JOB) return reject('UNKNOWN_KIND');
		const payload = job.payload as AttachmentPayload;
		// A job written by an older app version may not match today's protocol: set it aside rather than block the queue.
		if (!attachmentDeclarationSchema.safeParse(payload.declaration).success || !(payload.blob instanceof Blob)) return reject('INVALID_PAYLOAD');
		const { declaration, blob } = payload;
		const acknowledged: DeliveryResult = { acknowledged: [job.id], rejected: [] };
		try {
			if (await this.#isStored(declaration)) return acknowledged;
			await this.#o.uploader.upload({
				declaration,
				blob,
				onProgress: (sent) => {
					this.#sent.set(declaration.id, sent);
					this.#publish();
				},
			});
			if (await this.#isStored(declaration)) return acknowledged;
			throw new ProtocolError('INTERNAL', 'the upload finished but the server does not hold the attachment yet');
		} catch (error) {
			if (!(error instanceof ProtocolError)) throw error;
			// CONFLICT on creating it: stored already (the answer to the last byte was lost), or the id is another consultation's.
			if (error.code === 'CONFLICT' && (await this.#isStored(declaration).catch(() => false))) return acknowledged;
			// The server dropped what it received; if the bytes here are still the ones declared, send them again.
			if (error.code === 'CHECKSUM_MISMATCH' && (await sha256Hex(blob)) !== declaration.sha256) return reject('CHECKSUM_MISMATCH');
			if (FINAL_REFUSALS.has(error.code)) return reject(error.code);
			throw error;
		} finally {
			this.#sent.delete(declaration.id);
		}
	}

	/** True when the server holds it with our hash; a record with another hash is a conflict no resend can fix. */
	async #isStored(declaration: AttachmentDeclaration): Promise<boolean> {
		let record: Attachment;
		try {
			record = await this.#o.readRecord(declaration.id);
		} catch (error) {
			if (error instanceof ProtocolError && error.code === 'NOT_FOUND') return false;
			throw error;
		}
		if (record.consultationId !== declaration.consultationId || record.sha256 !== declaration.sha256) {
			throw new ProtocolError('CONFLICT', 'the server holds other bytes under this id');
		}
		return record.state === 'stored';
	}

	async #refresh(): Promise<void> {
		try {
			const jobs = await this.#store.jobs(ATTACHMENT_JOB);
			this.#items = jobs.map((job) => {
				const { declaration, blob } = job.payload as AttachmentPayload;
				return { declaration, blob, state: job.state, failure: job.failure, sentBytes: 0 };
			});
			this.#publish();
		} catch {
			// The store was closed while reading (signed out): nothing left to show.
		}
	}

	#publish(): void {
		this.#items = this.#items.map((item) => ({ ...item, sentBytes: this.#sent.get(item.declaration.id) ?? (item.sentBytes === item.declaration.byteLength ? item.sentBytes : 0) }));
		this.emit('change', this.#items);
	}
}
