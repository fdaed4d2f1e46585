import { attachmentSchema, type Attachment, type AttachmentDeclaration, type EarlierAttachment } from '@consultdesk/protocol';
import type { Database } from '../database/database.js';
import type { AttachmentTable } from '../database/schema.js';

/** What reserving an id found: a fresh pending row, or the row that already holds it. */
export type Reservation =
	| { outcome: 'reserved'; row: AttachmentTable }
	| { outcome: 'exists'; row: AttachmentTable };

/** What the server measured in the bytes it keeps. */
export interface StoredFacts {
	storedSha256: string;
	storedByteLength: number;
	width?: number | undefined;
	height?: number | undefined;
	sampleRate?: number | undefined;
	durationMs?: number | undefined;
}

/** Attachment records, each id once: pending while its upload runs, stored once its bytes were checked and kept. */
export class AttachmentStore {
	readonly #db: Database;

	constructor(db: Database) {
		this.#db = db;
	}

	/** Reserves the id for this upload, or answers with the row that already has it (of this or another consultation). */
	async reserve(declaration: AttachmentDeclaration, uploadedBy: string, source: 'clinic' | 'expert', now = new Date()): Promise<Reservation> {
		return this.#db.transaction().execute(async (tx) => {
			const existing = await tx.selectFrom('attachments').selectAll().where('id', '=', declaration.id).executeTakeFirst();
			if (existing) return { outcome: 'exists', row: existing };
			const row: AttachmentTable = {
				id: declaration.id,
				consultation_id: declaration.consultationId,
				uploaded_by: uploadedBy,
				source,
				kind: declaration.kind,
				content_type: declaration.contentType,
				state: 'pending',
				sha256: declaration.sha256,
				byte_length: declaration.byteLength,
				stored_sha256: null,
				stored_byte_length: null,
				caption: declaration.caption || null,
				body_site: declaration.bodySite || null,
				captured_at: new Date(declaration.capturedAt).toISOString(),
				width: declaration.width ?? null,
				height: declaration.height ?? null,
				sample_rate: declaration.sampleRate ?? null,
				duration_ms: declaration.durationMs ?? null,
				created_at: now.toISOString(),
				stored_at: null,
			};
			await tx.insertInto('attachments').values(row).execute();
			return { outcome: 'reserved', row };
		});
	}

	async get(id: string): Promise<AttachmentTable | undefined> {
		return this.#db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
	}

	/** Marks a pending attachment stored with what was measured; false when it was not pending (stored already). */
	async markStored(id: string, facts: StoredFacts, now = new Date()): Promise<boolean> {
		const result = await this.#db
			.updateTable('attachments')
			.set({
				state: 'stored',
				stored_sha256: facts.storedSha256,
				stored_byte_length: facts.storedByteLength,
				width: facts.width ?? null,
				height: facts.height ?? null,
				sample_rate: facts.sampleRate ?? null,
				duration_ms: facts.durationMs ?? null,
				stored_at: now.toISOString(),
			})
			.where('id', '=', id)
			.where('state', '=', 'pending')
			.executeTakeFirst();
		return result.numUpdatedRows > 0n;
	}

	/** Forgets a pending reservation whose bytes were refused, so a correct upload of the same id can start again. */
	async dropPending(id: string): Promise<void> {
		await this.#db.deleteFrom('attachments').where('id', '=', id).where('state', '=', 'pending').execute();
	}

	async listByConsultation(consultationId: string): Promise<Attachment[]> {
		const rows = await this.#db.selectFrom('attachments').selectAll().where('consultation_id', '=', consultationId).orderBy('created_at').orderBy('id').execute();
		return rows.map(toAttachment);
	}

	/** A patient's stored attachments of one kind from other consultations requested before `before`, newest first. */
	async listEarlierForPatient(patientId: string, kind: AttachmentTable['kind'], before: string, excludeConsultationId: string, limit = 200): Promise<EarlierAttachment[]> {
		const rows = await this.#db
			.selectFrom('attachments')
			.innerJoin('consultations', 'consultations.id', 'attachments.consultation_id')
			.selectAll('attachments')
			.select('consultations.requested_at as consultation_requested_at')
			.where('consultations.patient_id', '=', patientId)
			.where('consultations.id', '!=', excludeConsultationId)
			.where('consultations.requested_at', '<', before)
			.where('attachments.kind', '=', kind)
			.where('attachments.state', '=', 'stored')
			.orderBy('attachments.captured_at', 'desc')
			.limit(limit)
			.execute();
		return rows.map((row) => ({ ...toAttachment(row), consultationRequestedAt: row.consultation_requested_at }));
	}
}

export function toAttachment(row: AttachmentTable): Attachment {
	return attachmentSchema.parse({
		id: row.id,
		consultationId: row.consultation_id,
		kind: row.kind,
		contentType: row.content_type,
		state: row.state,
		sha256: row.sha256,
		byteLength: row.byte_length,
		...(row.caption ? { caption: row.caption } : {}),
		...(row.body_site ? { bodySite: row.body_site } : {}),
		capturedAt: Date.parse(row.captured_at),
		source: row.source,
		...(row.width !== null ? { width: row.width } : {}),
		...(row.height !== null ? { height: row.height } : {}),
		...(row.sample_rate !== null ? { sampleRate: row.sample_rate } : {}),
		...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
		...(row.stored_at ? { storedAt: row.stored_at } : {}),
	});
}
