import type { z } from 'zod';
import {
	compareQueueOrder,
	type historyQuerySchema,
	ProtocolError,
	type Account,
	type Consultation,
	type ConsultationDetail,
	type ConsultationState,
	type ParsedRequest,
	type Patient,
	type PatientHistory,
} from '@consultdesk/protocol';
import type { Logger } from './logger.js';
import { policy, type Decision } from './policy.js';
import type { AccountStore } from './records/account-store.js';
import type { AuditLog } from './records/audit-log.js';
import type { ConsultationScope, ConsultationStore, TransitionChange } from './records/consultation-store.js';
import type { PatientStore } from './records/patient-store.js';

/** Tells people about a consultation that changed; implemented over Socket.IO rooms. */
export interface ConsultationNotifier {
	/** `wasWaiting`: it was in the experts' queue before this change. */
	changed(consultation: Consultation, wasWaiting: boolean): void;
}

/** Closes a consultation's media room when the consultation is over. */
export interface MediaRooms {
	closeRoom(consultationId: string): void;
}

export interface ConsultationServiceOptions {
	consultations: ConsultationStore;
	patients: PatientStore;
	accounts: AccountStore;
	audit: AuditLog;
	notifier: ConsultationNotifier;
	rooms: MediaRooms;
	logger: Logger;
	requestExpiryMs: number;
	now?: () => Date;
}

type HistoryFilter = z.output<typeof historyQuerySchema>;

/**
 * The consultation lifecycle: requested → accepted → live → ended, or
 * cancelled / expired. Every request is checked by the policy (a refusal is
 * audited with its reason), every transition is stored with who and when,
 * and pushed to exactly the people who may see the consultation.
 */
export class ConsultationService {
	readonly #o: ConsultationServiceOptions;
	readonly #now: () => Date;

	constructor(options: ConsultationServiceOptions) {
		this.#o = options;
		this.#now = options.now ?? (() => new Date());
	}

	// ── Patients ────────────────────────────────────────────────────────────

	async registerPatient(actor: Account, input: ParsedRequest<'patient:register'>): Promise<Patient> {
		await this.#check(actor, 'patient:register', policy.managePatients(actor));
		const patient = await this.#o.patients.create({ clinicId: actor.clinic!.clinicId, ...input }, this.#now());
		if (!patient) throw new ProtocolError('CONFLICT', 'this clinic already has a patient with that reference');
		return patient;
	}

	async listPatients(actor: Account): Promise<Patient[]> {
		await this.#check(actor, 'patient:list', policy.managePatients(actor));
		return this.#o.patients.listByClinic(actor.clinic!.clinicId);
	}

	async patientHistory(actor: Account, patientId: string): Promise<PatientHistory> {
		const patient = await this.#o.patients.findById(patientId);
		const consultations = patient ? await this.#o.consultations.history({ kind: 'all' }, { patientId, limit: 200 }) : [];
		await this.#check(actor, 'patient:history', patient ? policy.patientHistory(actor, patient, consultations) : notFound('no such patient'));
		return { patient: patient!, consultations };
	}

	// ── Lifecycle ───────────────────────────────────────────────────────────

	async request(actor: Account, input: ParsedRequest<'consultation:request'>): Promise<Consultation> {
		const patient = await this.#o.patients.findById(input.patientId);
		await this.#check(actor, 'consultation:request', policy.requestConsultation(actor, patient));
		const now = this.#now();
		const consultation = await this.#o.consultations.create(
			{
				clinicId: patient!.clinicId,
				patientId: patient!.patientId,
				requestedBy: actor.accountId,
				specialty: input.specialty,
				urgency: input.urgency,
				reason: input.reason,
				expiresAt: new Date(now.getTime() + this.#o.requestExpiryMs),
			},
			now,
		);
		this.#o.logger.info({ consultationId: consultation.consultationId, urgency: consultation.urgency, specialty: consultation.specialty }, 'consultation requested');
		this.#o.notifier.changed(consultation, false);
		return consultation;
	}

	async cancel(actor: Account, consultationId: string): Promise<Consultation> {
		const consultation = await this.#load(actor, 'consultation:cancel', consultationId);
		await this.#check(actor, 'consultation:cancel', policy.cancel(actor, consultation), consultationId);
		return this.#transition(actor, 'consultation:cancel', consultation, { from: ['requested', 'accepted'], to: 'cancelled', set: { ended_at: this.#now().toISOString() } });
	}

	async accept(actor: Account, consultationId: string): Promise<Consultation> {
		// Not #load: an expert too late to accept may no longer see it, but must hear ALREADY_TAKEN.
		const consultation = await this.#o.consultations.get(consultationId);
		if (!consultation) await this.#check(actor, 'consultation:accept', notFound('no such consultation'), consultationId);
		await this.#check(actor, 'consultation:accept', policy.accept(actor, consultation!), consultationId);
		return this.#transition(actor, 'consultation:accept', consultation!, {
			from: ['requested'],
			to: 'accepted',
			set: { accepted_at: this.#now().toISOString() },
			participant: { accountId: actor.accountId, role: 'lead' },
		});
	}

	async assign(actor: Account, consultationId: string, expertAccountId: string): Promise<Consultation> {
		const consultation = await this.#load(actor, 'consultation:assign', consultationId);
		const expert = await this.#o.accounts.findById(expertAccountId);
		await this.#check(actor, 'consultation:assign', policy.assign(actor, consultation, expert), consultationId, expertAccountId);
		return this.#transition(actor, 'consultation:assign', consultation, {
			from: ['requested'],
			to: 'accepted',
			set: { accepted_at: this.#now().toISOString() },
			participant: { accountId: expertAccountId, role: 'lead' },
		});
	}

	async invite(actor: Account, consultationId: string, expertAccountId: string): Promise<Consultation> {
		const consultation = await this.#load(actor, 'consultation:invite', consultationId);
		const invitee = await this.#o.accounts.findById(expertAccountId);
		await this.#check(actor, 'consultation:invite', policy.invite(actor, consultation, invitee), consultationId, expertAccountId);
		await this.#o.consultations.addParticipant(consultationId, { accountId: expertAccountId, role: 'invited' }, this.#now());
		await this.#o.audit.record({ action: 'consultation:invite', outcome: 'allowed', actorAccountId: actor.accountId, consultationId, targetAccountId: expertAccountId, reason: 'second expert invited' });
		const updated = (await this.#o.consultations.get(consultationId))!;
		this.#o.notifier.changed(updated, false);
		return updated;
	}

	async end(actor: Account, consultationId: string, summary: string): Promise<Consultation> {
		const consultation = await this.#load(actor, 'consultation:end', consultationId);
		await this.#check(actor, 'consultation:end', policy.end(actor, consultation), consultationId);
		return this.#transition(actor, 'consultation:end', consultation, {
			from: ['accepted', 'live'],
			to: 'ended',
			set: { ended_at: this.#now().toISOString(), summary },
		});
	}

	/** The clinic and an expert are both in the media room: the consultation is live. */
	async markLive(consultationId: string): Promise<void> {
		const consultation = await this.#o.consultations.get(consultationId);
		if (consultation?.state !== 'accepted') return;
		await this.#transition(null, 'consultation:live', consultation, { from: ['accepted'], to: 'live', set: { started_at: this.#now().toISOString() } });
	}

	/** Expires every waiting request whose time ran out; returns how many. */
	async expireDue(): Promise<number> {
		const now = this.#now();
		let expired = 0;
		for (const id of await this.#o.consultations.dueForExpiry(now)) {
			const updated = await this.#o.consultations.transition(id, { from: ['requested'], to: 'expired', actorAccountId: null, at: now, set: { ended_at: now.toISOString() } });
			if (!updated) continue;
			expired += 1;
			this.#o.notifier.changed(updated, true);
		}
		if (expired > 0) this.#o.logger.info({ expired }, 'waiting consultations expired');
		return expired;
	}

	// ── Reading ─────────────────────────────────────────────────────────────

	/** What is not over yet and this account should see: see REQUESTS['consultation:list-open']. */
	async listOpen(actor: Account): Promise<Consultation[]> {
		switch (actor.role) {
			case 'clinic-doctor':
				return actor.clinic ? this.#o.consultations.listOpen({ kind: 'clinic', clinicId: actor.clinic.clinicId }) : [];
			case 'expert': {
				const [waiting, own] = await Promise.all([
					this.#o.consultations.listWaiting(actor.specialties),
					this.#o.consultations.listOpen({ kind: 'participant', accountId: actor.accountId }),
				]);
				return [...waiting, ...own.filter((c) => c.state !== 'requested')].sort(compareQueueOrder);
			}
			case 'admin':
				return this.#o.consultations.listOpen({ kind: 'all' });
		}
	}

	history(actor: Account, filter: HistoryFilter): Promise<Consultation[]> {
		return this.#o.consultations.history(scopeOf(actor), filter);
	}

	async detail(actor: Account, consultationId: string): Promise<ConsultationDetail> {
		const consultation = await this.#load(actor, 'consultation:read', consultationId);
		return { consultation, transitions: await this.#o.consultations.transitions(consultationId) };
	}

	/** A consultation the actor may see, or NOT_FOUND (audited) either way. */
	async #load(actor: Account, action: string, consultationId: string): Promise<Consultation> {
		const consultation = await this.#o.consultations.get(consultationId);
		await this.#check(actor, action, consultation ? policy.view(actor, consultation) : notFound('no such consultation'), consultationId);
		return consultation!;
	}

	async #transition(actor: Account | null, action: string, consultation: Consultation, change: Omit<TransitionChange, 'actorAccountId'>): Promise<Consultation> {
		const updated = await this.#o.consultations.transition(consultation.consultationId, { ...change, actorAccountId: actor?.accountId ?? null, at: this.#now() });
		if (!updated) {
			// Someone else changed it between our read and our write: the race's losers end here.
			const current = await this.#o.consultations.get(consultation.consultationId);
			const refusal = raceRefusal(action, current?.state);
			await this.#o.audit.record({ action, outcome: 'refused', actorAccountId: actor?.accountId, consultationId: consultation.consultationId, code: refusal.code, reason: refusal.message });
			throw refusal;
		}
		this.#o.logger.info({ consultationId: updated.consultationId, from: consultation.state, to: updated.state }, 'consultation transition');
		this.#o.notifier.changed(updated, consultation.state === 'requested');
		if (updated.state === 'ended' || updated.state === 'cancelled') this.#o.rooms.closeRoom(updated.consultationId);
		return updated;
	}

	async #check(actor: Account, action: string, decision: Decision, consultationId?: string, targetAccountId?: string): Promise<void> {
		if (decision.allowed) return;
		await this.#o.audit.record({ action, outcome: 'refused', actorAccountId: actor.accountId, consultationId, targetAccountId, code: decision.code, reason: decision.reason });
		throw new ProtocolError(decision.code, decision.reason);
	}
}

function notFound(reason: string): Decision {
	return { allowed: false, code: 'NOT_FOUND', reason };
}

function raceRefusal(action: string, state: ConsultationState | undefined): ProtocolError {
	if ((action === 'consultation:accept' || action === 'consultation:assign') && (state === 'accepted' || state === 'live')) {
		return new ProtocolError('ALREADY_TAKEN', 'another expert has already accepted this consultation');
	}
	return new ProtocolError('INVALID_STATE', `the consultation is ${state ?? 'gone'}`);
}

function scopeOf(actor: Account): ConsultationScope {
	switch (actor.role) {
		case 'clinic-doctor':
			return { kind: 'clinic', clinicId: actor.clinic?.clinicId ?? '' };
		case 'expert':
			return { kind: 'participant', accountId: actor.accountId };
		case 'admin':
			return { kind: 'all' };
	}
}
