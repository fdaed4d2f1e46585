import { sql, type Kysely } from 'kysely';

/*
 * Kysely's schema builder, so the step reads the same for PostgreSQL; only the
 * autoincrement ids would become identity columns there.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not as it is now
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('clinics')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('country', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('accounts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('username', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('clinic-doctor', 'expert', 'admin')`))
		.addColumn('clinic_id', 'text', (c) => c.references('clinics.id'))
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint('clinic_doctor_has_clinic', sql`(role = 'clinic-doctor') = (clinic_id is not null)`)
		.execute();

	await db.schema
		.createTable('account_specialties')
		.addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
		.addColumn('specialty', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('account_specialties_pk', ['account_id', 'specialty'])
		.execute();

	await db.schema
		.createTable('refresh_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
		.addColumn('family_id', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.addColumn('revoked_at', 'text')
		.addColumn('revoked_reason', 'text')
		.execute();
	await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
	await db.schema.createIndex('refresh_tokens_account').on('refresh_tokens').column('account_id').execute();

	await db.schema
		.createTable('patients')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
		.addColumn('reference', 'text', (c) => c.notNull())
		.addColumn('birth_year', 'integer')
		.addColumn('sex', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('patients_clinic_reference', ['clinic_id', 'reference'])
		.execute();

	await db.schema
		.createTable('consultations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
		.addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
		.addColumn('requested_by', 'text', (c) => c.notNull().references('accounts.id'))
		.addColumn('specialty', 'text', (c) => c.notNull())
		.addColumn('urgency', 'text', (c) => c.notNull().check(sql`urgency in ('routine', 'urgent', 'emergency')`))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) =>
			c.notNull().check(sql`state in ('requested', 'accepted', 'live', 'ended', 'cancelled', 'expired')`),
		)
		.addColumn('requested_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('accepted_at', 'text')
		.addColumn('started_at', 'text')
		.addColumn('ended_at', 'text')
		.addColumn('summary', 'text')
		.execute();
	await db.schema.createIndex('consultations_state').on('consultations').columns(['state', 'requested_at']).execute();
	await db.schema.createIndex('consultations_clinic').on('consultations').columns(['clinic_id', 'requested_at']).execute();
	await db.schema.createIndex('consultations_patient').on('consultations').columns(['patient_id', 'requested_at']).execute();

	await db.schema
		.createTable('consultation_participants')
		.addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
		.addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead', 'invited')`))
		.addColumn('added_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('consultation_participants_pk', ['consultation_id', 'account_id'])
		.execute();
	await db.schema.createIndex('participants_account').on('consultation_participants').column('account_id').execute();

	await db.schema
		.createTable('consultation_transitions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
		.addColumn('from_state', 'text')
		.addColumn('to_state', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_account_id', 'text', (c) => c.references('accounts.id'))
		.execute();
	await db.schema.createIndex('transitions_consultation').on('consultation_transitions').column('consultation_id').execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_account_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('allowed', 'refused')`))
		.addColumn('code', 'text')
		.addColumn('consultation_id', 'text')
		.addColumn('target_account_id', 'text')
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('remote_address', 'text')
		.execute();
	await db.schema.createIndex('audit_consultation').on('audit_log').column('consultation_id').execute();
	await db.schema.createIndex('audit_actor').on('audit_log').column('actor_account_id').execute();
}
