import { vitalsObservationSchema, type EarlierObservation, type VitalsObservation } from '@consultdesk/protocol';
import { sql } from 'kysely';
import type { Database } from '../database/database.js';
import type { ObservationTable } from '../database/schema.js';

export interface StoredBatch {
	/** Ids stored now or before, for this consultation: the clinic may forget them. */
	acknowledged: string[];
	/** Ids that already belong to another consultation: never overwritten, never acknowledged. */
	conflicting: string[];
}

/** Vitals observations, each stored exactly once by its clinic-made id. */
export class ObservationStore {
	readonly #db: Database;

	constructor(db: Database) {
		this.#db = db;
	}

	/** Stores a batch in one transaction; a resent observation is left as it was first stored. */
	async storeBatch(consultationId: string, observations: readonly VitalsObservation[], now = new Date()): Promise<StoredBatch> {
		return this.#db.transaction().execute(async (tx) => {
			const rows: ObservationTable[] = observations.map((o) => ({
				id: o.id,
				consultation_id: consultationId,
				device_id: o.deviceId,
				device_kind: o.deviceKind,
				seq: o.seq,
				measured_at: new Date(o.measuredAt).toISOString(),
				readings: JSON.stringify(o.readings),
				pulmonary: o.pulmonary ? JSON.stringify(o.pulmonary) : null,
				received_at: now.toISOString(),
			}));
			await tx.insertInto('observations').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute();
			const held = await tx
				.selectFrom('observations')
				.select(['id', 'consultation_id'])
				.where('id', 'in', rows.map((r) => r.id))
				.execute();
			const mine = new Set(held.filter((h) => h.consultation_id === consultationId).map((h) => h.id));
			const ids = [...new Set(rows.map((r) => r.id))];
			return { acknowledged: ids.filter((id) => mine.has(id)), conflicting: ids.filter((id) => !mine.has(id)) };
		});
	}

	/** A consultation's observations, per device in sequence order. */
	async listByConsultation(consultationId: string): Promise<VitalsObservation[]> {
		const rows = await this.#db.selectFrom('observations').selectAll().where('consultation_id', '=', consultationId).orderBy('device_id').orderBy('seq').execute();
		return rows.map(toObservation);
	}

	/** A patient's observations from other consultations requested before `before`, oldest first, at most `limit` (the newest). */
	async listEarlierForPatient(patientId: string, before: string, excludeConsultationId: string, limit = 2000): Promise<EarlierObservation[]> {
		const rows = await this.#db
			.selectFrom('observations')
			.innerJoin('consultations', 'consultations.id', 'observations.consultation_id')
			.selectAll('observations')
			.where('consultations.patient_id', '=', patientId)
			.where('consultations.id', '!=', excludeConsultationId)
			.where('consultations.requested_at', '<', before)
			.orderBy('observations.measured_at', 'desc')
			.limit(limit)
			.execute();
		return rows.reverse().map((row) => ({ ...toObservation(row), consultationId: row.consultation_id }));
	}

	/** Device and sequence number of each stored observation, in the order they arrived (tests check delivery order). */
	async arrivalOrder(consultationId: string): Promise<{ id: string; deviceId: string; seq: number }[]> {
		const rows = await this.#db
			.selectFrom('observations')
			.select(['id', 'device_id', 'seq'])
			.where('consultation_id', '=', consultationId)
			.orderBy(sql`rowid`)
			.execute();
		return rows.map((r) => ({ id: r.id, deviceId: r.device_id, seq: r.seq }));
	}
}

function toObservation(row: ObservationTable): VitalsObservation {
	// Parsed again on the way out: a row is only ever what the protocol accepted.
	return vitalsObservationSchema.parse({
		id: row.id,
		seq: row.seq,
		deviceId: row.device_id,
		deviceKind: row.device_kind,
		measuredAt: Date.parse(row.measured_at),
		readings: JSON.parse(row.readings),
		...(row.pulmonary ? { pulmonary: JSON.parse(row.pulmonary) } : {}),
	});
}
