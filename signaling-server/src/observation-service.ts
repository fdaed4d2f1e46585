import { consultationBundle } from '@consultdesk/fhir';
import { ProtocolError, type Account, type EarlierObservation, type VitalsObservation } from '@consultdesk/protocol';
import type { Logger } from './logger.js';
import { policy, type Decision } from './policy.js';
import type { AuditLog } from './records/audit-log.js';
import type { ConsultationStore } from './records/consultation-store.js';
import type { ObservationStore } from './records/observation-store.js';

export interface ObservationServiceOptions {
	consultations: ConsultationStore;
	observations: ObservationStore;
	audit: AuditLog;
	logger: Logger;
	now?: () => Date;
}

/**
 * Vitals observations of a consultation: stored exactly once from the
 * clinic's outbox, read by its participants. Every request is checked by the
 * policy; refusals are audited. Logs carry ids and counts, never values.
 */
export class ObservationService {
	readonly #o: ObservationServiceOptions;
	readonly #now: () => Date;

	constructor(options: ObservationServiceOptions) {
		this.#o = options;
		this.#now = options.now ?? (() => new Date());
	}

	/** Stores a batch; answers with every id the server now holds for this consultation (new or resent). */
	async submit(actor: Account, consultationId: string, observations: readonly VitalsObservation[]): Promise<string[]> {
		const consultation = await this.#o.consultations.get(consultationId);
		await this.#check(actor, 'observation:submit', consultation ? policy.submitObservations(actor, consultation, observations.map((o) => o.measuredAt)) : notFound(), consultationId);
		const { acknowledged, conflicting } = await this.#o.observations.storeBatch(consultationId, observations, this.#now());
		if (conflicting.length > 0) {
			await this.#o.audit.record({ action: 'observation:submit', outcome: 'refused', actorAccountId: actor.accountId, consultationId, code: 'CONFLICT', reason: `${conflicting.length} observation ids belong to another consultation` });
		}
		this.#o.logger.debug({ consultationId, submitted: observations.length, acknowledged: acknowledged.length }, 'observations stored');
		return acknowledged;
	}

	async list(actor: Account, consultationId: string): Promise<VitalsObservation[]> {
		const consultation = await this.#o.consultations.get(consultationId);
		await this.#check(actor, 'observation:list', consultation ? policy.readObservations(actor, consultation) : notFound(), consultationId);
		return this.#o.observations.listByConsultation(consultationId);
	}

	/** The patient's readings from earlier consultations, for whoever may read this one's (as for patient history). */
	async earlier(actor: Account, consultationId: string): Promise<EarlierObservation[]> {
		const consultation = await this.#o.consultations.get(consultationId);
		await this.#check(actor, 'observation:earlier', consultation ? policy.readObservations(actor, consultation) : notFound(), consultationId);
		return this.#o.observations.listEarlierForPatient(consultation!.patient.patientId, consultation!.requestedAt, consultationId);
	}

	/** The consultation's vitals as a FHIR R4 Bundle, for the same readers as list(). */
	async fhirBundle(actor: Account, consultationId: string, baseUrl: string): Promise<ReturnType<typeof consultationBundle>> {
		const consultation = await this.#o.consultations.get(consultationId);
		await this.#check(actor, 'observation:fhir', consultation ? policy.readObservations(actor, consultation) : notFound(), consultationId);
		const observations = await this.#o.observations.listByConsultation(consultationId);
		return consultationBundle({ ...consultation!, observations }, { baseUrl, now: this.#now() });
	}

	async #check(actor: Account, action: string, decision: Decision, consultationId: string): Promise<void> {
		if (decision.allowed) return;
		await this.#o.audit.record({ action, outcome: 'refused', actorAccountId: actor.accountId, consultationId, code: decision.code, reason: decision.reason });
		throw new ProtocolError(decision.code, decision.reason);
	}
}

function notFound(): Decision {
	return { allowed: false, code: 'NOT_FOUND', reason: 'no such consultation' };
}
