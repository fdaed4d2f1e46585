import type { Kysely } from 'kysely';

/*
 * Vitals observations, one row per device measurement. The id is made at
 * the clinic when the device reports, so it is the primary key: a resend
 * from the clinic's outbox finds its row and is acknowledged, not stored
 * again. Readings are JSON (code, value, unit, decimals) as the protocol
 * checked them; the rowid keeps the order of arrival.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not as it is now
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('observations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('device_kind', 'text', (c) => c.notNull())
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('measured_at', 'text', (c) => c.notNull())
		.addColumn('readings', 'text', (c) => c.notNull())
		.addColumn('pulmonary', 'text')
		.addColumn('received_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('observations_consultation_device').on('observations').columns(['consultation_id', 'device_id', 'seq']).execute();
}
