import type { OutboxStore } from '@consultdesk/outbox';
import { ATTACHMENT_METADATA_KEY, HTTP_ROUTES, PROTOCOL_HEADER, PROTOCOL_VERSION, ProtocolError } from '@consultdesk/protocol';
import { DetailedError, Upload, type PreviousUpload, type UrlStorage } from 'tus-js-client';
import { errorFromAnswer } from '../session/api-client.js';
import type { AttachmentUploader, UploadRequest } from './attachment-outbox.js';

/** tus-js-client's record of where each upload stands, kept in the attachment outbox's own IndexedDB. */
export class OutboxUrlStorage implements UrlStorage {
	readonly #store: OutboxStore;

	constructor(store: OutboxStore) {
		this.#store = store;
	}

	async findAllUploads(): Promise<PreviousUpload[]> {
		return (await this.#store.findUploads()).map((u) => ({ ...(u.value as PreviousUpload), urlStorageKey: u.key }));
	}

	async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
		return (await this.#store.findUploads(fingerprint)).map((u) => ({ ...(u.value as PreviousUpload), urlStorageKey: u.key }));
	}

	removeUpload(urlStorageKey: string): Promise<void> {
		return this.#store.forgetUpload(urlStorageKey);
	}

	async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
		const key = `tus::${fingerprint}::${crypto.randomUUID()}`;
		await this.#store.rememberUpload({ key, fingerprint, value: { ...upload, urlStorageKey: key } });
		return key;
	}
}

export interface TusAttachmentUploaderOptions {
	serverUrl: string;
	/** A valid access token; `rejected`: the one the server just refused as expired. */
	accessToken: (rejected?: string) => Promise<string>;
	store: OutboxStore;
	/** Bytes per PATCH: each one the server confirmed is never sent again. */
	chunkSize?: number;
}

/**
 * Uploads attachments with tus 1.0. The fingerprint is the attachment's id
 * and where its upload stands is kept in IndexedDB, so after a cut link or a
 * reload the upload goes on from the offset the server holds. Retrying is
 * the outbox's job (with its back-off), not the library's.
 */
export class TusAttachmentUploader implements AttachmentUploader {
	readonly #o: TusAttachmentUploaderOptions;
	readonly #urlStorage: OutboxUrlStorage;
	#rejectedToken: string | undefined;

	constructor(options: TusAttachmentUploaderOptions) {
		this.#o = options;
		this.#urlStorage = new OutboxUrlStorage(options.store);
	}

	upload({ declaration, blob, onProgress }: UploadRequest): Promise<void> {
		let token = '';
		return new Promise<void>((resolve, reject) => {
			const upload = new Upload(blob, {
				endpoint: `${this.#o.serverUrl}${HTTP_ROUTES.attachmentUploads}`,
				metadata: { [ATTACHMENT_METADATA_KEY]: JSON.stringify(declaration) },
				fingerprint: async () => `attachment:${declaration.id}`,
				urlStorage: this.#urlStorage,
				storeFingerprintForResuming: true,
				removeFingerprintOnSuccess: true,
				chunkSize: this.#o.chunkSize ?? 1024 * 1024,
				retryDelays: null,
				headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
				onBeforeRequest: async (request) => {
					token = await this.#o.accessToken(this.#rejectedToken);
					this.#rejectedToken = undefined;
					request.setHeader('Authorization', `Bearer ${token}`);
				},
				onProgress: (sent, total) => onProgress(sent, total),
				onSuccess: () => resolve(),
				onError: (error) => {
					const failure = toProtocolError(error);
					if (failure.code === 'TOKEN_EXPIRED') this.#rejectedToken = token;
					reject(failure);
				},
			});
			upload
				.findPreviousUploads()
				.then((previous) => {
					if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
					upload.start();
				})
				.catch((error: unknown) => reject(toProtocolError(error)));
		});
	}
}

/** The server's `{ error: { code } }` when it answered; UNREACHABLE when nothing came back. */
function toProtocolError(error: unknown): ProtocolError {
	if (error instanceof ProtocolError) return error;
	const response = error instanceof DetailedError ? error.originalResponse : null;
	if (!response) return new ProtocolError('UNREACHABLE', `attachment upload: ${(error as Error).message}`);
	return errorFromAnswer(response.getStatus(), response.getBody() ?? '', 'attachment upload');
}
