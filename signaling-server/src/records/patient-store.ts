import { randomUUID } from 'node:crypto';
import type { Patient, Sex } from '@consultdesk/protocol';
import type { Database } from '../database/database.js';
import type { PatientTable } from '../database/schema.js';

/** Patients by their clinic-local reference; no name is ever stored here. */
export class PatientStore {
	readonly #db: Database;

	constructor(db: Database) {
		this.#db = db;
	}

	/** Undefined when the clinic already has a patient with this reference. */
	async create(input: { clinicId: string; reference: string; birthYear?: number | undefined; sex: Sex }, now = new Date()): Promise<Patient | undefined> {
		const row: PatientTable = {
			id: randomUUID(),
			clinic_id: input.clinicId,
			reference: input.reference,
			birth_year: input.birthYear ?? null,
			sex: input.sex,
			created_at: now.toISOString(),
		};
		const inserted = await this.#db
			.insertInto('patients')
			.values(row)
			.onConflict((oc) => oc.columns(['clinic_id', 'reference']).doNothing())
			.executeTakeFirst();
		return inserted.numInsertedOrUpdatedRows === 1n ? toPatient(row) : undefined;
	}

	async findById(id: string): Promise<Patient | undefined> {
		const row = await this.#db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
		return row && toPatient(row);
	}

	async listByClinic(clinicId: string): Promise<Patient[]> {
		const rows = await this.#db.selectFrom('patients').selectAll().where('clinic_id', '=', clinicId).orderBy('reference').execute();
		return rows.map(toPatient);
	}
}

function toPatient(row: PatientTable): Patient {
	return {
		patientId: row.id,
		clinicId: row.clinic_id,
		reference: row.reference,
		...(row.birth_year !== null ? { birthYear: row.birth_year } : {}),
		sex: row.sex,
		createdAt: row.created_at,
	};
}
