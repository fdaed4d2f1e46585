import { mkdir, readFile, rename, rm, copyFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import {
	ProtocolError,
	type Account,
	type Attachment,
	type AttachmentDeclaration,
	type AttachmentKind,
	type Consultation,
	type EarlierAttachment,
} from '@consultdesk/protocol';
import type { Logger } from '../logger.js';
import { policy, type Decision } from '../policy.js';
import type { AttachmentStore, StoredFacts } from '../records/attachment-store.js';
import { toAttachment } from '../records/attachment-store.js';
import type { AuditLog } from '../records/audit-log.js';
import type { ConsultationStore } from '../records/consultation-store.js';
import { inspectClip, inspectStill, sha256Of, sha256OfFile, stripStillMetadata } from './attachment-content.js';

/** Tells a consultation's people about its attachments; implemented over Socket.IO rooms. */
export interface AttachmentNotifier {
	/** To the consultation's clinic and experts. */
	attachment(consultation: Consultation, event: 'attachment:pending' | 'attachment:added', attachment: Attachment): void;
	/** To the consultation's clinic only. */
	photoRequested(consultation: Consultation, payload: { consultationId: string; requestedBy: string; note?: string }): void;
}

export interface AttachmentServiceOptions {
	consultations: ConsultationStore;
	attachments: AttachmentStore;
	audit: AuditLog;
	notifier: AttachmentNotifier;
	logger: Logger;
	/** dataDir/attachments: one directory per consultation, one file per attachment. */
	directory: string;
	maxBytes: Readonly<Record<AttachmentKind, number>>;
	now?: () => Date;
}

const ORIGIN = (remoteAddress?: string) => (remoteAddress ? { remoteAddress } : {});

/**
 * Attachments of consultations: an upload is admitted (policy, size, id not
 * taken by another consultation) before its first byte, checked when its
 * last byte arrived (declared hash, real content, EXIF stripped from
 * stills), kept once under the data directory and announced to the
 * consultation's people. Read by participants and admins only. Logs carry
 * ids and sizes, never captions or pixels.
 */
export class AttachmentService {
	readonly #o: AttachmentServiceOptions;
	readonly #now: () => Date;

	constructor(options: AttachmentServiceOptions) {
		this.#o = options;
		this.#now = options.now ?? (() => new Date());
	}

	get maxBytes(): number {
		return Math.max(...Object.values(this.#o.maxBytes));
	}

	/**
	 * Admits an upload: the uploader may add to this consultation, the size is
	 * within its kind's limit, and the id is new, or is this uploader's own
	 * pending upload of the same bytes (started again). An id already stored is
	 * CONFLICT: the uploader asks for the record (GET) and finds it there.
	 */
	async beginUpload(actor: Account, declaration: AttachmentDeclaration, remoteAddress?: string): Promise<void> {
		const action = 'attachment:upload';
		const consultation = await this.#o.consultations.get(declaration.consultationId);
		const decision = consultation ? policy.uploadAttachment(actor, consultation, declaration.capturedAt) : notFound();
		if (!decision.allowed) return this.#refuse(actor, action, decision, declaration.consultationId, remoteAddress);
		const source = 'source' in decision ? (decision.source as 'clinic' | 'expert') : 'clinic';
		const limit = this.#o.maxBytes[declaration.kind];
		if (declaration.byteLength > limit) {
			return this.#refuse(actor, action, { allowed: false, code: 'TOO_LARGE', reason: `a ${declaration.kind} may have at most ${limit} bytes; this one has ${declaration.byteLength}` }, declaration.consultationId, remoteAddress);
		}
		const reservation = await this.#o.attachments.reserve(declaration, actor.accountId, source, this.#now());
		const row = reservation.row;
		if (reservation.outcome === 'exists') {
			if (row.consultation_id !== declaration.consultationId) {
				return this.#refuse(actor, action, { allowed: false, code: 'CONFLICT', reason: 'the attachment id belongs to another consultation' }, declaration.consultationId, remoteAddress);
			}
			if (row.state === 'stored') throw new ProtocolError('CONFLICT', 'this attachment is already stored; read it instead of uploading it again');
			if (row.uploaded_by !== actor.accountId || row.sha256 !== declaration.sha256 || row.byte_length !== declaration.byteLength) {
				return this.#refuse(actor, action, { allowed: false, code: 'CONFLICT', reason: 'another upload with this id is under way' }, declaration.consultationId, remoteAddress);
			}
			return;
		}
		this.#o.logger.debug({ attachmentId: row.id, consultationId: row.consultation_id, kind: row.kind, bytes: row.byte_length }, 'attachment upload started');
		this.#o.notifier.attachment(consultation!, 'attachment:pending', toAttachment(row));
	}

	/** PATCH and HEAD of an upload: only by the account that began it, and only while it is pending. */
	async checkUploadAccess(actor: Account, id: string, remoteAddress?: string): Promise<void> {
		const row = await this.#o.attachments.get(id);
		if (row && row.uploaded_by === actor.accountId) return;
		await this.#o.audit.record({ action: 'attachment:upload', outcome: 'refused', actorAccountId: actor.accountId, consultationId: row?.consultation_id, code: 'NOT_FOUND', reason: 'not this account\'s upload', ...ORIGIN(remoteAddress) });
		throw new ProtocolError('NOT_FOUND', 'no such upload');
	}

	/**
	 * The last byte of an upload arrived (its file is `uploadedFile`): checks
	 * the hash and the content, keeps a clean copy, marks it stored and tells
	 * the consultation. Bytes that fail a check are deleted and the pending
	 * record dropped; the error says which check.
	 */
	async finishUpload(id: string, uploadedFile: string): Promise<Attachment> {
		const row = await this.#o.attachments.get(id);
		if (!row) throw new ProtocolError('NOT_FOUND', 'no such upload');
		if (row.state === 'stored') return toAttachment(row);
		const directory = this.#consultationDirectory(row.consultation_id);
		await mkdir(directory, { recursive: true });
		const finalPath = join(directory, id);
		const partPath = `${finalPath}.part`;
		await rm(partPath, { force: true });
		try {
			const sha256 = await sha256OfFile(uploadedFile);
			if (sha256 !== row.sha256) throw new ProtocolError('CHECKSUM_MISMATCH', 'the bytes received do not have the SHA-256 that was declared');
			let facts: StoredFacts;
			if (row.kind === 'still') {
				await stripStillMetadata(uploadedFile, partPath);
				const bytes = await readFile(partPath);
				facts = { ...inspectStill(bytes, row.content_type), storedSha256: sha256Of(bytes), storedByteLength: bytes.byteLength };
			} else {
				await copyFile(uploadedFile, partPath);
				const bytes = await readFile(partPath);
				const { sampleRate, durationMs } = inspectClip(bytes);
				facts = { sampleRate, durationMs, storedSha256: sha256, storedByteLength: bytes.byteLength };
			}
			await rename(partPath, finalPath);
			await this.#o.attachments.markStored(id, facts, this.#now());
		} catch (error) {
			await rm(partPath, { force: true });
			if (error instanceof ProtocolError) {
				await this.#o.attachments.dropPending(id);
				await this.#o.audit.record({ action: 'attachment:upload', outcome: 'refused', actorAccountId: row.uploaded_by, consultationId: row.consultation_id, code: error.code, reason: error.message });
				this.#o.logger.warn({ attachmentId: id, consultationId: row.consultation_id, code: error.code }, 'attachment refused');
			}
			throw error;
		}
		const stored = toAttachment((await this.#o.attachments.get(id))!);
		this.#o.logger.info({ attachmentId: id, consultationId: row.consultation_id, kind: row.kind, bytes: stored.byteLength }, 'attachment stored');
		const consultation = await this.#o.consultations.get(row.consultation_id);
		if (consultation) this.#o.notifier.attachment(consultation, 'attachment:added', stored);
		return stored;
	}

	/** One attachment's record, for its consultation's readers; NOT_FOUND for everyone else. */
	async get(actor: Account, id: string, remoteAddress?: string): Promise<Attachment> {
		return toAttachment(await this.#readable(actor, id, 'attachment:read', remoteAddress));
	}

	/** A stored attachment's record and the file that holds its bytes. */
	async open(actor: Account, id: string, remoteAddress?: string): Promise<{ attachment: Attachment; path: string }> {
		const row = await this.#readable(actor, id, 'attachment:download', remoteAddress);
		if (row.state !== 'stored') throw new ProtocolError('NOT_FOUND', 'this attachment is still on its way');
		return { attachment: toAttachment(row), path: join(this.#consultationDirectory(row.consultation_id), row.id) };
	}

	async list(actor: Account, consultationId: string): Promise<Attachment[]> {
		await this.#readableConsultation(actor, consultationId, 'attachment:list');
		return this.#o.attachments.listByConsultation(consultationId);
	}

	/** The patient's stills from earlier consultations, for whoever may read this one's. */
	async earlier(actor: Account, consultationId: string): Promise<EarlierAttachment[]> {
		const consultation = await this.#readableConsultation(actor, consultationId, 'attachment:earlier');
		return this.#o.attachments.listEarlierForPatient(consultation.patient.patientId, 'still', consultation.requestedAt, consultationId);
	}

	async requestPhoto(actor: Account, consultationId: string, note: string | undefined): Promise<void> {
		const consultation = await this.#o.consultations.get(consultationId);
		const decision = consultation ? policy.requestPhoto(actor, consultation) : notFound();
		if (!decision.allowed) return this.#refuse(actor, 'attachment:request-photo', decision, consultationId);
		this.#o.notifier.photoRequested(consultation!, { consultationId, requestedBy: actor.displayName, ...(note ? { note } : {}) });
	}

	async #readable(actor: Account, id: string, action: string, remoteAddress?: string) {
		const row = await this.#o.attachments.get(id);
		if (!row) throw new ProtocolError('NOT_FOUND', 'no such attachment');
		const consultation = await this.#o.consultations.get(row.consultation_id);
		const decision = consultation ? policy.readAttachments(actor, consultation) : notFound();
		// Someone who may not read it learns nothing, not even that it exists.
		if (!decision.allowed) return this.#refuse(actor, action, { ...decision, code: 'NOT_FOUND' }, row.consultation_id, remoteAddress);
		return row;
	}

	async #readableConsultation(actor: Account, consultationId: string, action: string): Promise<Consultation> {
		const consultation = await this.#o.consultations.get(consultationId);
		const decision = consultation ? policy.readAttachments(actor, consultation) : notFound();
		if (!decision.allowed) return this.#refuse(actor, action, decision, consultationId);
		return consultation!;
	}

	#consultationDirectory(consultationId: string): string {
		const root = resolve(this.#o.directory);
		const directory = resolve(root, consultationId);
		// Consultation ids are made by this server; this guards the file system all the same.
		if (!directory.startsWith(root + sep)) throw new ProtocolError('INVALID_PAYLOAD', 'invalid consultation id');
		return directory;
	}

	async #refuse(actor: Account, action: string, decision: Decision, consultationId: string | undefined, remoteAddress?: string): Promise<never> {
		const { code, reason } = decision as Decision & { allowed: false };
		await this.#o.audit.record({ action, outcome: 'refused', actorAccountId: actor.accountId, consultationId, code, reason, ...ORIGIN(remoteAddress) });
		throw new ProtocolError(code, reason);
	}
}

function notFound(): Decision {
	return { allowed: false, code: 'NOT_FOUND', reason: 'no such consultation' };
}
