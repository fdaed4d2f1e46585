import type { Kysely } from 'kysely';

/*
 * Attachments (camera stills, later stethoscope clips): the bytes live as
 * files under dataDir/attachments/<consultation>/<id>, the record here. The
 * id is made at the clinic, so it is the primary key: an upload repeated
 * after a lost answer finds its row and is acknowledged, never stored twice.
 * A row is 'pending' from the start of its upload until its bytes were
 * checked and kept ('stored'); the expert sees pending ones as on their way.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not as it is now
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('attachments')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
		.addColumn('uploaded_by', 'text', (c) => c.notNull().references('accounts.id'))
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('byte_length', 'integer', (c) => c.notNull())
		.addColumn('stored_sha256', 'text')
		.addColumn('stored_byte_length', 'integer')
		.addColumn('caption', 'text')
		.addColumn('body_site', 'text')
		.addColumn('captured_at', 'text', (c) => c.notNull())
		.addColumn('width', 'integer')
		.addColumn('height', 'integer')
		.addColumn('sample_rate', 'integer')
		.addColumn('duration_ms', 'integer')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('stored_at', 'text')
		.execute();
	await db.schema.createIndex('attachments_consultation').on('attachments').columns(['consultation_id', 'created_at']).execute();
}
