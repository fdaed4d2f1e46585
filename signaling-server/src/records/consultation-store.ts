import { randomInt, randomUUID } from 'node:crypto';
import type { Consultation, ConsultationState, Participant, Specialty, Transition, Urgency } from '@consultdesk/protocol';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../database/database.js';
import type { ConsultationTable, DatabaseSchema } from '../database/schema.js';

export interface NewConsultation {
	clinicId: string;
	patientId: string;
	requestedBy: string;
	specialty: Specialty;
	urgency: Urgency;
	reason: string;
	expiresAt: Date;
}

/** A state change that only happens if the consultation is still in one of `from`. */
export interface TransitionChange {
	from: readonly ConsultationState[];
	to: ConsultationState;
	actorAccountId: string | null;
	at?: Date;
	/** Columns written with the change (accepted_at, summary…). */
	set?: Partial<Pick<ConsultationTable, 'accepted_at' | 'started_at' | 'ended_at' | 'summary'>>;
	/** An expert who joins the consultation with this change (the one who accepts). */
	participant?: { accountId: string; role: Participant['role'] };
}

/** Which consultations a list shows. */
export type ConsultationScope =
	| { kind: 'clinic'; clinicId: string }
	| { kind: 'participant'; accountId: string }
	| { kind: 'all' };

export interface HistoryFilter {
	state?: ConsultationState | undefined;
	patientId?: string | undefined;
	before?: string | undefined;
	limit: number;
}

// Codes people read out on the phone: no 0/O, 1/I/L.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const OPEN_STATES: ConsultationState[] = ['requested', 'accepted', 'live'];

function newCode(): string {
	let code = 'C-';
	for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return code;
}

/**
 * Consultations, their participants and their transitions. A state change is
 * one conditional UPDATE (… WHERE state IN from) and its transition row in one
 * transaction, so of many racing changes exactly one succeeds.
 */
export class ConsultationStore {
	readonly #db: Database;

	constructor(db: Database) {
		this.#db = db;
	}

	async create(input: NewConsultation, now = new Date()): Promise<Consultation> {
		const id = randomUUID();
		await this.#db.transaction().execute(async (trx) => {
			for (let attempt = 0; ; attempt++) {
				const inserted = await trx
					.insertInto('consultations')
					.values({
						id,
						code: newCode(),
						clinic_id: input.clinicId,
						patient_id: input.patientId,
						requested_by: input.requestedBy,
						specialty: input.specialty,
						urgency: input.urgency,
						reason: input.reason,
						state: 'requested',
						requested_at: now.toISOString(),
						expires_at: input.expiresAt.toISOString(),
						accepted_at: null,
						started_at: null,
						ended_at: null,
						summary: null,
					})
					.onConflict((oc) => oc.column('code').doNothing())
					.executeTakeFirst();
				if (inserted.numInsertedOrUpdatedRows === 1n) break;
				if (attempt > 20) throw new Error('could not find a free consultation code');
			}
			await insertTransition(trx, id, null, 'requested', input.requestedBy, now);
		});
		return this.#getOrThrow(id);
	}

	/** Applies the change if the consultation is in one of `change.from`; undefined if it was not. */
	async transition(consultationId: string, change: TransitionChange): Promise<Consultation | undefined> {
		const at = change.at ?? new Date();
		const applied = await this.#db.transaction().execute(async (trx) => {
			const current = await trx.selectFrom('consultations').select('state').where('id', '=', consultationId).executeTakeFirst();
			if (!current || !change.from.includes(current.state)) return false;
			const updated = await trx
				.updateTable('consultations')
				.set({ ...change.set, state: change.to })
				.where('id', '=', consultationId)
				.where('state', '=', current.state)
				.executeTakeFirst();
			if (updated.numUpdatedRows !== 1n) return false;
			await insertTransition(trx, consultationId, current.state, change.to, change.actorAccountId, at);
			if (change.participant) await insertParticipant(trx, consultationId, change.participant, at);
			return true;
		});
		return applied ? this.#getOrThrow(consultationId) : undefined;
	}

	/** Adds an expert; false if they already take part. */
	async addParticipant(consultationId: string, participant: { accountId: string; role: Participant['role'] }, at = new Date()): Promise<boolean> {
		const result = await this.#db
			.insertInto('consultation_participants')
			.values({ consultation_id: consultationId, account_id: participant.accountId, role: participant.role, added_at: at.toISOString() })
			.onConflict((oc) => oc.columns(['consultation_id', 'account_id']).doNothing())
			.executeTakeFirst();
		return result.numInsertedOrUpdatedRows === 1n;
	}

	async get(consultationId: string): Promise<Consultation | undefined> {
		return (await this.#views((q) => q.where('consultations.id', '=', consultationId)))[0];
	}

	/** Consultations not yet over, in scope, most urgent and oldest first. */
	listOpen(scope: ConsultationScope): Promise<Consultation[]> {
		return this.#views((q) => withScope(q, scope).where('consultations.state', 'in', OPEN_STATES), 'queue');
	}

	/** Waiting requests in any of these specialties: an expert's queue. */
	listWaiting(specialties: readonly Specialty[]): Promise<Consultation[]> {
		if (specialties.length === 0) return Promise.resolve([]);
		return this.#views(
			(q) => q.where('consultations.state', '=', 'requested').where('consultations.specialty', 'in', [...specialties]),
			'queue',
		);
	}

	/** Past and present consultations in scope, newest first. */
	history(scope: ConsultationScope, filter: HistoryFilter): Promise<Consultation[]> {
		return this.#views((q) => {
			let scoped = withScope(q, scope);
			if (filter.state) scoped = scoped.where('consultations.state', '=', filter.state);
			if (filter.patientId) scoped = scoped.where('consultations.patient_id', '=', filter.patientId);
			if (filter.before) scoped = scoped.where('consultations.requested_at', '<', filter.before);
			return scoped.limit(filter.limit);
		}, 'newest');
	}

	/** Ids of waiting requests whose time ran out. */
	async dueForExpiry(now: Date): Promise<string[]> {
		const rows = await this.#db
			.selectFrom('consultations')
			.select('id')
			.where('state', '=', 'requested')
			.where('expires_at', '<=', now.toISOString())
			.execute();
		return rows.map((r) => r.id);
	}

	/** Consultations that were live (or accepted) when the server stopped. */
	async listInProgress(): Promise<Consultation[]> {
		return this.#views((q) => q.where('consultations.state', 'in', ['accepted', 'live']));
	}

	async transitions(consultationId: string): Promise<Transition[]> {
		const rows = await this.#db
			.selectFrom('consultation_transitions')
			.leftJoin('accounts', 'accounts.id', 'consultation_transitions.actor_account_id')
			.select([
				'consultation_transitions.from_state',
				'consultation_transitions.to_state',
				'consultation_transitions.at',
				'consultation_transitions.actor_account_id',
				'accounts.display_name',
			])
			.where('consultation_id', '=', consultationId)
			.orderBy('consultation_transitions.id')
			.execute();
		return rows.map((r) => ({
			from: r.from_state,
			to: r.to_state,
			at: r.at,
			by: r.actor_account_id ? { accountId: r.actor_account_id, displayName: r.display_name ?? '' } : null,
		}));
	}

	async #getOrThrow(consultationId: string): Promise<Consultation> {
		const found = await this.get(consultationId);
		if (!found) throw new Error(`consultation ${consultationId} vanished`);
		return found;
	}

	async #views(filter: (q: ViewQuery) => ViewQuery, order: 'queue' | 'newest' = 'newest'): Promise<Consultation[]> {
		let query = filter(viewQuery(this.#db));
		query =
			order === 'queue'
				? query
						.orderBy(sql`case consultations.urgency when 'emergency' then 0 when 'urgent' then 1 else 2 end`)
						.orderBy('consultations.requested_at')
				: query.orderBy('consultations.requested_at', 'desc');
		const rows = await query.execute();
		if (rows.length === 0) return [];
		const participants = await this.#db
			.selectFrom('consultation_participants')
			.innerJoin('accounts', 'accounts.id', 'consultation_participants.account_id')
			.select(['consultation_participants.consultation_id', 'consultation_participants.account_id', 'consultation_participants.role', 'accounts.display_name'])
			.where('consultation_participants.consultation_id', 'in', rows.map((r) => r.id))
			.orderBy('consultation_participants.added_at')
			.execute();
		return rows.map((row) => toConsultation(row, participants.filter((p) => p.consultation_id === row.id)));
	}
}

function viewQuery(db: Database) {
	return db
		.selectFrom('consultations')
		.innerJoin('clinics', 'clinics.id', 'consultations.clinic_id')
		.innerJoin('patients', 'patients.id', 'consultations.patient_id')
		.innerJoin('accounts as requester', 'requester.id', 'consultations.requested_by')
		.selectAll('consultations')
		.select(['clinics.name as clinic_name', 'patients.reference as patient_reference', 'requester.display_name as requester_name']);
}
type ViewQuery = ReturnType<typeof viewQuery>;
type ViewRow = Awaited<ReturnType<ViewQuery['execute']>>[number];

function withScope(query: ViewQuery, scope: ConsultationScope): ViewQuery {
	switch (scope.kind) {
		case 'clinic':
			return query.where('consultations.clinic_id', '=', scope.clinicId);
		case 'participant':
			return query.where((eb) =>
				eb.exists(
					eb
						.selectFrom('consultation_participants as p')
						.select('p.account_id')
						.whereRef('p.consultation_id', '=', 'consultations.id')
						.where('p.account_id', '=', scope.accountId),
				),
			);
		case 'all':
			return query;
	}
}

function toConsultation(
	row: ViewRow,
	participants: { account_id: string; role: Participant['role']; display_name: string }[],
): Consultation {
	return {
		consultationId: row.id,
		code: row.code,
		state: row.state,
		urgency: row.urgency,
		specialty: row.specialty,
		reason: row.reason,
		clinic: { clinicId: row.clinic_id, name: row.clinic_name },
		patient: { patientId: row.patient_id, reference: row.patient_reference },
		requestedBy: { accountId: row.requested_by, displayName: row.requester_name },
		experts: participants.map((p) => ({ accountId: p.account_id, displayName: p.display_name, role: p.role })),
		requestedAt: row.requested_at,
		...(row.state === 'requested' ? { expiresAt: row.expires_at } : {}),
		...(row.accepted_at ? { acceptedAt: row.accepted_at } : {}),
		...(row.started_at ? { startedAt: row.started_at } : {}),
		...(row.ended_at ? { endedAt: row.ended_at } : {}),
		...(row.summary ? { summary: row.summary } : {}),
	};
}

async function insertTransition(
	trx: Transaction<DatabaseSchema>,
	consultationId: string,
	from: ConsultationState | null,
	to: ConsultationState,
	actor: string | null,
	at: Date,
): Promise<void> {
	await trx
		.insertInto('consultation_transitions')
		.values({ consultation_id: consultationId, from_state: from, to_state: to, actor_account_id: actor, at: at.toISOString() })
		.execute();
}

async function insertParticipant(
	trx: Transaction<DatabaseSchema>,
	consultationId: string,
	participant: { accountId: string; role: Participant['role'] },
	at: Date,
): Promise<void> {
	await trx
		.insertInto('consultation_participants')
		.values({ consultation_id: consultationId, account_id: participant.accountId, role: participant.role, added_at: at.toISOString() })
		.onConflict((oc) => oc.columns(['consultation_id', 'account_id']).doNothing())
		.execute();
}
