import type { Account, Consultation, DataSource, ErrorCode, MediaSource, Patient, Role } from '@consultdesk/protocol';

/*
 * Who may do what: every authorization rule of the server, as pure functions
 * of the account and the records involved. Callers turn a refusal into the
 * error the client hears and an audit row with the reason; nothing else in
 * the server decides permissions.
 */

export type Decision = { allowed: true } | { allowed: false; code: ErrorCode; reason: string };

const ALLOW: Decision = { allowed: true };
/** Clocks at the clinic and the server differ, and the last readings are on their way as the expert ends. */
const ENDED_GRACE_MS = 10 * 60_000;
const refuse = (code: ErrorCode, reason: string): Decision => ({ allowed: false, code, reason });

type Actor = Pick<Account, 'accountId' | 'role' | 'specialties'> & { clinic?: { clinicId: string } | undefined };

/** Which sources each seat may send: clinical inputs only from the clinic; the expert talks back; observers watch. */
export const SOURCES_BY_SEAT: Readonly<Record<Role, readonly (MediaSource | DataSource)[]>> = {
	clinic: ['exam-video', 'document', 'voice', 'stethoscope', 'vitals'],
	expert: ['voice'],
	observer: [],
};

const isClinicOf = (actor: Actor, clinicId: string) => actor.role === 'clinic-doctor' && actor.clinic?.clinicId === clinicId;
const isParticipant = (actor: Actor, consultation: Consultation) =>
	actor.role === 'expert' && consultation.experts.some((e) => e.accountId === actor.accountId);
const isWaitingFor = (actor: Actor, consultation: Consultation) =>
	actor.role === 'expert' && consultation.state === 'requested' && actor.specialties.includes(consultation.specialty);

/** A consultation the actor cannot even see is NOT_FOUND (its existence is not theirs to learn); otherwise `code`. */
function refuseVisible(actor: Actor, consultation: Consultation, code: ErrorCode, reason: string): Decision {
	return canSee(actor, consultation) ? refuse(code, reason) : refuse('NOT_FOUND', 'not a participant of this consultation');
}

/** Its clinic, its experts, experts whose queue it is in, admins. */
function canSee(actor: Actor, consultation: Consultation): boolean {
	return (
		actor.role === 'admin' ||
		isClinicOf(actor, consultation.clinic.clinicId) ||
		isParticipant(actor, consultation) ||
		isWaitingFor(actor, consultation)
	);
}

export const policy = {
	managePatients(actor: Actor): Decision {
		return actor.role === 'clinic-doctor' && actor.clinic ? ALLOW : refuse('FORBIDDEN', 'only clinic doctors register patients');
	},

	requestConsultation(actor: Actor, patient: Patient | undefined): Decision {
		if (actor.role !== 'clinic-doctor') return refuse('FORBIDDEN', 'only clinic doctors request consultations');
		// Another clinic's patient is answered like a missing one: its existence is not ours to reveal.
		if (!patient || !isClinicOf(actor, patient.clinicId)) return refuse('NOT_FOUND', 'no such patient at this clinic');
		return ALLOW;
	},

	view(actor: Actor, consultation: Consultation): Decision {
		return canSee(actor, consultation) ? ALLOW : refuse('NOT_FOUND', 'not a participant of this consultation');
	},

	cancel(actor: Actor, consultation: Consultation): Decision {
		if (!isClinicOf(actor, consultation.clinic.clinicId) && actor.role !== 'admin') {
			return refuseVisible(actor, consultation, 'FORBIDDEN', 'only the clinic or an admin cancels');
		}
		return ['requested', 'accepted'].includes(consultation.state) ? ALLOW : refuse('INVALID_STATE', `cannot cancel a ${consultation.state} consultation`);
	},

	/**
	 * Experts of the consultation's specialty accept a waiting request. Those
	 * who had it in their queue and were a moment too late hear ALREADY_TAKEN,
	 * not that it does not exist.
	 */
	accept(actor: Actor, consultation: Consultation): Decision {
		if (actor.role !== 'expert') return refuseVisible(actor, consultation, 'FORBIDDEN', 'only experts accept consultations');
		if (!actor.specialties.includes(consultation.specialty)) return refuse('NOT_FOUND', `not an expert in ${consultation.specialty}`);
		if (consultation.state === 'requested') return ALLOW;
		return consultation.state === 'accepted' || consultation.state === 'live'
			? refuse('ALREADY_TAKEN', 'another expert has already accepted this consultation')
			: refuse('INVALID_STATE', `cannot accept a ${consultation.state} consultation`);
	},

	/** A participating expert (or an admin) brings in a second expert. */
	invite(actor: Actor, consultation: Consultation, invitee: Account | undefined): Decision {
		if (!isParticipant(actor, consultation) && actor.role !== 'admin') {
			return refuseVisible(actor, consultation, 'FORBIDDEN', 'only the consultation\'s experts invite colleagues');
		}
		if (!['accepted', 'live'].includes(consultation.state)) return refuse('INVALID_STATE', `cannot invite to a ${consultation.state} consultation`);
		if (!invitee || invitee.role !== 'expert' || invitee.disabled) return refuse('NOT_FOUND', 'no such expert');
		if (consultation.experts.some((e) => e.accountId === invitee.accountId)) return refuse('CONFLICT', 'already a participant');
		return ALLOW;
	},

	end(actor: Actor, consultation: Consultation): Decision {
		if (!isParticipant(actor, consultation) && actor.role !== 'admin') {
			return refuseVisible(actor, consultation, 'FORBIDDEN', 'only the consultation\'s experts end it');
		}
		return ['accepted', 'live'].includes(consultation.state) ? ALLOW : refuse('INVALID_STATE', `cannot end a ${consultation.state} consultation`);
	},

	assign(actor: Actor, consultation: Consultation, expert: Account | undefined): Decision {
		if (actor.role !== 'admin') return refuse('FORBIDDEN', 'only admins assign consultations');
		if (!expert || expert.role !== 'expert' || expert.disabled) return refuse('NOT_FOUND', 'no such expert');
		if (consultation.state !== 'requested') return refuse('ALREADY_TAKEN', `the consultation is already ${consultation.state}`);
		return ALLOW;
	},

	/** A patient's history across consultations: their clinic, experts who took part in any of them, admins. */
	patientHistory(actor: Actor, patient: Patient, consultations: Consultation[]): Decision {
		if (actor.role === 'admin' || isClinicOf(actor, patient.clinicId)) return ALLOW;
		if (consultations.some((c) => isParticipant(actor, c))) return ALLOW;
		return refuse('NOT_FOUND', 'no such patient for this account');
	},

	/**
	 * Only the consultation's own clinic sends its observations: while it is
	 * accepted or live, and after it ended for what was measured before the
	 * end. A clinic whose link was down when the expert ended the consultation
	 * still delivers what it recorded; nothing recorded is lost to the record.
	 */
	submitObservations(actor: Actor, consultation: Consultation, measuredAt: readonly number[] = []): Decision {
		if (!isClinicOf(actor, consultation.clinic.clinicId)) {
			return refuseVisible(actor, consultation, 'FORBIDDEN', 'only the consultation\'s clinic submits observations');
		}
		if (consultation.state === 'accepted' || consultation.state === 'live') return ALLOW;
		if (consultation.state === 'ended' && consultation.endedAt) {
			const endedAt = Date.parse(consultation.endedAt);
			const late = measuredAt.filter((at) => at > endedAt + ENDED_GRACE_MS);
			return late.length === 0 ? ALLOW : refuse('INVALID_STATE', `${late.length} observations were measured after the consultation ended`);
		}
		return refuse('INVALID_STATE', `cannot add observations to a ${consultation.state} consultation`);
	},

	/** Its clinic, its experts and admins read the observations; an expert who only had it in the queue does not. */
	readObservations(actor: Actor, consultation: Consultation): Decision {
		if (actor.role === 'admin' || isClinicOf(actor, consultation.clinic.clinicId) || isParticipant(actor, consultation)) return ALLOW;
		return refuseVisible(actor, consultation, 'FORBIDDEN', 'only participants read observations');
	},

	/**
	 * Attachments are uploaded by the consultation's clinic (stills,
	 * stethoscope clips) and its experts, while it is accepted or live, and
	 * after it ended for what was captured before the end (as observations).
	 */
	uploadAttachment(actor: Actor, consultation: Consultation, capturedAt: number): { allowed: true; source: 'clinic' | 'expert' } | (Decision & { allowed: false }) {
		const source = isClinicOf(actor, consultation.clinic.clinicId) ? 'clinic' : isParticipant(actor, consultation) ? 'expert' : undefined;
		if (!source) {
			const refused = refuseVisible(actor, consultation, 'FORBIDDEN', 'only the consultation\'s clinic and experts add attachments');
			return refused as Decision & { allowed: false };
		}
		if (consultation.state === 'accepted' || consultation.state === 'live') return { allowed: true, source };
		if (consultation.state === 'ended' && consultation.endedAt && capturedAt <= Date.parse(consultation.endedAt) + ENDED_GRACE_MS) return { allowed: true, source };
		return { allowed: false, code: 'INVALID_STATE', reason: `cannot add attachments to a ${consultation.state} consultation` };
	},

	/** Attachments are read by whoever reads the observations: its clinic, its experts, admins. */
	readAttachments(actor: Actor, consultation: Consultation): Decision {
		if (actor.role === 'admin' || isClinicOf(actor, consultation.clinic.clinicId) || isParticipant(actor, consultation)) return ALLOW;
		return refuseVisible(actor, consultation, 'FORBIDDEN', 'only participants read attachments');
	},

	/** A participating expert asks the clinic for a photo while the consultation is on. */
	requestPhoto(actor: Actor, consultation: Consultation): Decision {
		if (!isParticipant(actor, consultation)) return refuseVisible(actor, consultation, 'FORBIDDEN', 'only the consultation\'s experts ask for photos');
		return consultation.state === 'accepted' || consultation.state === 'live' ? ALLOW : refuse('INVALID_STATE', `the consultation is ${consultation.state}`);
	},

	admin(actor: Actor, what: string): Decision {
		return actor.role === 'admin' ? ALLOW : refuse('FORBIDDEN', `only admins ${what}`);
	},

	disableAccount(actor: Actor, target: Account | undefined): Decision {
		if (actor.role !== 'admin') return refuse('FORBIDDEN', 'only admins disable accounts');
		if (!target) return refuse('NOT_FOUND', 'no such account');
		if (target.accountId === actor.accountId) return refuse('FORBIDDEN', 'an admin cannot disable their own account');
		return ALLOW;
	},

	/**
	 * The seat an account takes in a consultation's media room, from the
	 * records alone: the requesting clinic's doctor, a participating expert, or
	 * an admin observing. Only while the consultation is accepted or live.
	 */
	seat(actor: Actor, consultation: Consultation): { allowed: true; seat: Role } | (Decision & { allowed: false }) {
		let seat: Role | undefined;
		if (isClinicOf(actor, consultation.clinic.clinicId)) seat = 'clinic';
		else if (isParticipant(actor, consultation)) seat = 'expert';
		else if (actor.role === 'admin') seat = 'observer';
		if (!seat) return { allowed: false, code: 'NOT_FOUND', reason: 'not a participant of this consultation' };
		if (consultation.state !== 'accepted' && consultation.state !== 'live') {
			return { allowed: false, code: 'INVALID_STATE', reason: `the consultation is ${consultation.state}` };
		}
		return { allowed: true, seat };
	},

	/** Room for one more in this seat: one clinic terminal, up to maxExperts experts, a few observers. */
	admit(seat: Role, occupied: readonly Role[], maxExperts: number): Decision {
		const same = occupied.filter((r) => r === seat).length;
		if (seat === 'clinic' && same >= 1) return refuse('ROLE_TAKEN', 'a clinic terminal is already in this consultation');
		if (seat === 'expert' && same >= maxExperts) return refuse('ROLE_TAKEN', `this consultation already has ${same} experts`);
		if (seat === 'observer' && same >= 2) return refuse('ROLE_TAKEN', 'two admins are already observing');
		return ALLOW;
	},

	/** Only the clinic, whose doctor holds the chest piece, says where it is. */
	setAuscultationSite(seat: Role): Decision {
		return seat === 'clinic' ? ALLOW : refuse('FORBIDDEN', 'only the clinic marks where the stethoscope is');
	},

	/** Only an expert asks the clinic to move it; an observing admin watches. */
	requestAuscultationSite(seat: Role): Decision {
		return seat === 'expert' ? ALLOW : refuse('FORBIDDEN', 'only an expert asks for an auscultation site');
	},

	send(seat: Role, source: MediaSource | DataSource): Decision {
		return SOURCES_BY_SEAT[seat].includes(source) ? ALLOW : refuse('FORBIDDEN_SOURCE', `a ${seat} may not send ${source}`);
	},
};
