import type { Attachment, AttachmentKind, EarlierAttachment, NotificationName, NotificationPayload, RequestName, RequestPayload, ResponseData } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';

/** The parts of SignalingConnection this needs. */
export interface AttachmentConnection {
	request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<ResponseData<E>>;
	subscribe<E extends NotificationName>(event: E, handler: (payload: NotificationPayload<E>) => void): () => void;
}

/** One still in a gallery: its record, and once fetched, a URL for its bytes. */
export interface GalleryStill {
	attachment: Attachment | EarlierAttachment;
	/** An object URL of the bytes (revoked on close); absent while pending or loading. */
	url?: string | undefined;
	/** The bytes themselves, for what needs more than showing them (playing a clip through the filters). */
	blob?: Blob | undefined;
	/** SHA-256 of the bytes as fetched: they are the bytes the clinic captured. */
	fetchedSha256?: string | undefined;
	error?: unknown;
}

export interface ConsultationAttachmentsSnapshot {
	stills: readonly GalleryStill[];
	earlier: readonly GalleryStill[];
	error: unknown;
}

export interface ConsultationAttachmentsOptions {
	connection: AttachmentConnection;
	consultationId: string;
	/** The bytes of a stored attachment (GET with the bearer token). */
	fetchContent: (id: string) => Promise<Blob>;
	/** Hashes fetched bytes, so what is shown can be checked against the record. */
	hash?: (blob: Blob) => Promise<string>;
	/** Which attachments: the camera stills (the default), or the stethoscope clips. */
	kind?: AttachmentKind;
}

/**
 * A consultation's stills as its people see them: the stored ones (fetched
 * and shown), the ones on their way (marked as such, from the clinic's
 * 'attachment:pending'), and the patient's stills from earlier consultations
 * for comparison. Kept current by the server's notifications.
 */
export class ConsultationAttachments extends EventEmitter<{ change: [] }> {
	readonly #o: ConsultationAttachmentsOptions;
	readonly #stop: (() => void)[] = [];
	readonly #urls = new Set<string>();
	#snapshot: ConsultationAttachmentsSnapshot = { stills: [], earlier: [], error: undefined };
	#closed = false;

	constructor(options: ConsultationAttachmentsOptions) {
		super();
		this.#o = options;
	}

	get snapshot(): ConsultationAttachmentsSnapshot {
		return this.#snapshot;
	}

	/** Subscribes and loads the list; after close() it starts afresh (React's strict mode closes and starts again). */
	async start(): Promise<void> {
		this.#closed = false;
		const kind = this.#o.kind ?? 'still';
		const mine = (a: Attachment) => a.consultationId === this.#o.consultationId && a.kind === kind;
		this.#stop.push(
			this.#o.connection.subscribe('attachment:pending', (a) => mine(a) && this.#upsert(a)),
			this.#o.connection.subscribe('attachment:added', (a) => mine(a) && this.#upsert(a)),
		);
		try {
			const { attachments } = await this.#o.connection.request('attachment:list', { consultationId: this.#o.consultationId });
			for (const attachment of attachments.filter(mine)) this.#upsert(attachment);
		} catch (error) {
			this.#update({ error });
		}
	}

	/** The patient's stills from earlier consultations, newest first, fetched for side-by-side comparison. */
	async loadEarlier(): Promise<void> {
		try {
			const { attachments } = await this.#o.connection.request('attachment:earlier', { consultationId: this.#o.consultationId });
			this.#update({ earlier: attachments.map((attachment) => ({ attachment })) });
			for (const attachment of attachments) void this.#fetch(attachment, 'earlier');
		} catch (error) {
			this.#update({ error });
		}
	}

	/** Asks the clinic of this consultation to take a photo. */
	async requestPhoto(note?: string): Promise<void> {
		await this.#o.connection.request('attachment:request-photo', { consultationId: this.#o.consultationId, ...(note ? { note } : {}) });
	}

	close(): void {
		this.#closed = true;
		for (const stop of this.#stop.splice(0)) stop();
		for (const url of this.#urls) URL.revokeObjectURL(url);
		this.#urls.clear();
		this.#snapshot = { stills: [], earlier: [], error: undefined };
	}

	#upsert(attachment: Attachment): void {
		const stills = [...this.#snapshot.stills];
		const at = stills.findIndex((s) => s.attachment.id === attachment.id);
		// A late 'pending' never replaces what is already stored.
		if (at >= 0 && stills[at]!.attachment.state === 'stored') return;
		if (at >= 0) stills[at] = { attachment };
		else stills.push({ attachment });
		this.#update({ stills });
		if (attachment.state === 'stored') void this.#fetch(attachment, 'stills');
	}

	async #fetch(attachment: Attachment, list: 'stills' | 'earlier'): Promise<void> {
		let change: Partial<GalleryStill>;
		try {
			const blob = await this.#o.fetchContent(attachment.id);
			const fetchedSha256 = this.#o.hash ? await this.#o.hash(blob) : undefined;
			if (this.#closed) return;
			const url = URL.createObjectURL(blob);
			this.#urls.add(url);
			change = { url, blob, fetchedSha256 };
		} catch (error) {
			change = { error };
		}
		if (this.#closed) return;
		const items = this.#snapshot[list].map((s) => (s.attachment.id === attachment.id ? { ...s, ...change } : s));
		this.#update({ [list]: items });
	}

	#update(change: Partial<ConsultationAttachmentsSnapshot>): void {
		if (this.#closed) return;
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}
