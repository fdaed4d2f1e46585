import type { AccountRole, AttachmentContentType, AttachmentKind, ConsultationState, DeviceKind, Sex, Specialty, Urgency } from '@consultdesk/protocol';
import type { Generated } from 'kysely';

/*
 * The tables as Kysely sees them. Times are ISO-8601 text in UTC (they sort as
 * text and read the same in SQLite and PostgreSQL); ids are UUIDs as text;
 * booleans are 0/1 integers. Migrations in ./migrations create exactly this.
 */

export interface ClinicTable {
	id: string;
	name: string;
	country: string;
	created_at: string;
}

export interface AccountTable {
	id: string;
	username: string;
	display_name: string;
	role: AccountRole;
	clinic_id: string | null;
	password_hash: string;
	disabled: number;
	created_at: string;
}

export interface AccountSpecialtyTable {
	account_id: string;
	specialty: Specialty;
}

/** Refresh tokens are stored as their SHA-256; a family is one sign-in and its rotations. */
export interface RefreshTokenTable {
	id: string;
	account_id: string;
	family_id: string;
	token_hash: string;
	created_at: string;
	expires_at: string;
	/** Set when it was exchanged for a new one: using it again is a replay. */
	used_at: string | null;
	revoked_at: string | null;
	revoked_reason: string | null;
}

export interface PatientTable {
	id: string;
	clinic_id: string;
	/** The clinic's own pseudonymous reference; the name stays at the clinic. */
	reference: string;
	birth_year: number | null;
	sex: Sex;
	created_at: string;
}

export interface ConsultationTable {
	id: string;
	code: string;
	clinic_id: string;
	patient_id: string;
	requested_by: string;
	specialty: Specialty;
	urgency: Urgency;
	reason: string;
	state: ConsultationState;
	requested_at: string;
	expires_at: string;
	accepted_at: string | null;
	started_at: string | null;
	ended_at: string | null;
	summary: string | null;
}

export interface ParticipantTable {
	consultation_id: string;
	account_id: string;
	role: 'lead' | 'invited';
	added_at: string;
}

export interface TransitionTable {
	id: Generated<number>;
	consultation_id: string;
	from_state: ConsultationState | null;
	to_state: ConsultationState;
	at: string;
	actor_account_id: string | null;
}

export type AuditOutcome = 'allowed' | 'refused';

/** Who did or tried what, when, and why it was refused; never medical content. */
export interface AuditTable {
	id: Generated<number>;
	at: string;
	actor_account_id: string | null;
	action: string;
	outcome: AuditOutcome;
	code: string | null;
	consultation_id: string | null;
	target_account_id: string | null;
	reason: string;
	remote_address: string | null;
}

/** One device measurement; `readings` and `pulmonary` are JSON as the protocol defines them. */
export interface ObservationTable {
	id: string;
	consultation_id: string;
	device_id: string;
	device_kind: DeviceKind;
	seq: number;
	measured_at: string;
	readings: string;
	pulmonary: string | null;
	received_at: string;
}

/** An attachment's record; its bytes are a file (see AttachmentFiles). `sha256` is as uploaded, `stored_sha256` after EXIF was stripped. */
export interface AttachmentTable {
	id: string;
	consultation_id: string;
	uploaded_by: string;
	source: 'clinic' | 'expert';
	kind: AttachmentKind;
	content_type: AttachmentContentType;
	state: 'pending' | 'stored';
	sha256: string;
	byte_length: number;
	stored_sha256: string | null;
	stored_byte_length: number | null;
	caption: string | null;
	body_site: string | null;
	captured_at: string;
	width: number | null;
	height: number | null;
	sample_rate: number | null;
	duration_ms: number | null;
	created_at: string;
	stored_at: string | null;
}

export interface DatabaseSchema {
	clinics: ClinicTable;
	accounts: AccountTable;
	account_specialties: AccountSpecialtyTable;
	refresh_tokens: RefreshTokenTable;
	patients: PatientTable;
	consultations: ConsultationTable;
	consultation_participants: ParticipantTable;
	consultation_transitions: TransitionTable;
	audit_log: AuditTable;
	observations: ObservationTable;
	attachments: AttachmentTable;
}
