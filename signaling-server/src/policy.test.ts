import type { Account, Consultation, Patient } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { policy } from './policy.js';

const account = (over: Partial<Account> & Pick<Account, 'accountId' | 'role'>): Account => ({
	username: over.accountId,
	displayName: over.accountId,
	specialties: [],
	disabled: false,
	...over,
});
const clinicA = account({ accountId: 'doc-a', role: 'clinic-doctor', clinic: { clinicId: 'clinic-a', name: 'A' } });
const clinicB = account({ accountId: 'doc-b', role: 'clinic-doctor', clinic: { clinicId: 'clinic-b', name: 'B' } });
const lead = account({ accountId: 'wang', role: 'expert', specialties: ['respiratory'] });
const colleague = account({ accountId: 'li', role: 'expert', specialties: ['respiratory'] });
const cardiologist = account({ accountId: 'chen', role: 'expert', specialties: ['cardiology'] });
const admin = account({ accountId: 'zhou', role: 'admin' });

const consultation = (over: Partial<Consultation> = {}): Consultation => ({
	consultationId: 'c1',
	code: 'C-AAAAAA',
	state: 'requested',
	urgency: 'urgent',
	specialty: 'respiratory',
	reason: 'cough',
	clinic: { clinicId: 'clinic-a', name: 'A' },
	patient: { patientId: 'p1', reference: 'KC-1' },
	requestedBy: { accountId: 'doc-a', displayName: 'A' },
	experts: [],
	requestedAt: '2026-11-01T08:00:00.000Z',
	...over,
});
const accepted = consultation({ state: 'accepted', experts: [{ accountId: 'wang', displayName: 'wang', role: 'lead' }] });
const patientA: Patient = { patientId: 'p1', clinicId: 'clinic-a', reference: 'KC-1', sex: 'unknown', createdAt: '2026-11-01T08:00:00.000Z' };

const verdict = (d: { allowed: boolean; code?: string }) => (d.allowed ? 'ok' : d.code);

describe('policy', () => {
	it('lets a clinic see only its own consultations and patients, and answers another clinic as if nothing existed', () => {
		expect(verdict(policy.view(clinicA, accepted))).toBe('ok');
		expect(verdict(policy.view(clinicB, accepted))).toBe('NOT_FOUND');
		expect(verdict(policy.requestConsultation(clinicA, patientA))).toBe('ok');
		expect(verdict(policy.requestConsultation(clinicB, patientA))).toBe('NOT_FOUND');
		expect(verdict(policy.patientHistory(clinicB, patientA, [accepted]))).toBe('NOT_FOUND');
		expect(verdict(policy.cancel(clinicB, accepted))).toBe('NOT_FOUND');
		expect(verdict(policy.seat(clinicB, accepted))).toBe('NOT_FOUND');
	});

	it('shows a waiting request to the experts of its specialty, and an accepted one only to its experts', () => {
		const waiting = consultation();
		expect(verdict(policy.view(colleague, waiting))).toBe('ok');
		expect(verdict(policy.view(cardiologist, waiting))).toBe('NOT_FOUND');
		expect(verdict(policy.view(colleague, accepted))).toBe('NOT_FOUND');
		expect(verdict(policy.view(lead, accepted))).toBe('ok');
		expect(verdict(policy.view(admin, accepted))).toBe('ok');
	});

	it('lets only experts of the specialty accept, and says ALREADY_TAKEN once someone has', () => {
		expect(verdict(policy.accept(lead, consultation()))).toBe('ok');
		expect(verdict(policy.accept(cardiologist, consultation()))).toBe('NOT_FOUND');
		expect(verdict(policy.accept(clinicA, consultation()))).toBe('FORBIDDEN');
		expect(verdict(policy.accept(colleague, accepted))).toBe('ALREADY_TAKEN');
		expect(verdict(policy.accept(colleague, consultation({ state: 'cancelled' })))).toBe('INVALID_STATE');
	});

	it('seats the clinic, its experts and observing admins, only while accepted or live', () => {
		expect(policy.seat(clinicA, accepted)).toEqual({ allowed: true, seat: 'clinic' });
		expect(policy.seat(lead, accepted)).toEqual({ allowed: true, seat: 'expert' });
		expect(policy.seat(admin, accepted)).toEqual({ allowed: true, seat: 'observer' });
		expect(verdict(policy.seat(colleague, accepted))).toBe('NOT_FOUND');
		expect(verdict(policy.seat(lead, { ...accepted, state: 'ended' }))).toBe('INVALID_STATE');
		expect(verdict(policy.seat(clinicA, consultation()))).toBe('INVALID_STATE');
	});

	it('lets an observer send nothing, an expert only voice, the clinic every clinical source', () => {
		expect(verdict(policy.send('observer', 'voice'))).toBe('FORBIDDEN_SOURCE');
		expect(verdict(policy.send('expert', 'stethoscope'))).toBe('FORBIDDEN_SOURCE');
		expect(verdict(policy.send('expert', 'voice'))).toBe('ok');
		for (const source of ['exam-video', 'voice', 'stethoscope', 'vitals'] as const) expect(verdict(policy.send('clinic', source))).toBe('ok');
	});

	it('admits one clinic terminal, up to maxExperts experts and two observers', () => {
		expect(verdict(policy.admit('clinic', ['clinic'], 4))).toBe('ROLE_TAKEN');
		expect(verdict(policy.admit('expert', ['clinic', 'expert'], 2))).toBe('ok');
		expect(verdict(policy.admit('expert', ['expert', 'expert'], 2))).toBe('ROLE_TAKEN');
		expect(verdict(policy.admit('observer', ['observer', 'observer'], 2))).toBe('ROLE_TAKEN');
	});

	it('lets the consultation\'s experts invite and end it; admins assign and disable, but not themselves', () => {
		expect(verdict(policy.invite(lead, accepted, colleague))).toBe('ok');
		expect(verdict(policy.invite(lead, accepted, clinicB))).toBe('NOT_FOUND');
		expect(verdict(policy.invite(lead, accepted, lead))).toBe('CONFLICT');
		expect(verdict(policy.invite(colleague, accepted, cardiologist))).toBe('NOT_FOUND');
		expect(verdict(policy.invite(clinicA, accepted, colleague))).toBe('FORBIDDEN');
		expect(verdict(policy.end(lead, accepted))).toBe('ok');
		expect(verdict(policy.end(clinicA, accepted))).toBe('FORBIDDEN');
		expect(verdict(policy.assign(admin, consultation(), colleague))).toBe('ok');
		expect(verdict(policy.assign(lead, consultation(), colleague))).toBe('FORBIDDEN');
		expect(verdict(policy.disableAccount(admin, lead))).toBe('ok');
		expect(verdict(policy.disableAccount(admin, admin))).toBe('FORBIDDEN');
		expect(verdict(policy.disableAccount(lead, colleague))).toBe('FORBIDDEN');
	});
});

describe('policy: observations', () => {
	const withLead = (state: Consultation['state']) => consultation({ state, experts: [{ accountId: 'wang', displayName: 'Wang', role: 'lead' }] });

	it('lets only the consultation\'s clinic submit, while it is accepted or live, and afterwards what was measured before the end', () => {
		expect(policy.submitObservations(clinicA, withLead('live'))).toEqual({ allowed: true });
		expect(policy.submitObservations(clinicA, withLead('accepted'))).toEqual({ allowed: true });
		const ended = { ...withLead('ended'), endedAt: '2026-11-01T09:00:00.000Z' };
		expect(policy.submitObservations(clinicA, ended, [Date.parse('2026-11-01T08:59:00Z')])).toEqual({ allowed: true });
		expect(policy.submitObservations(clinicA, ended, [Date.parse('2026-11-01T09:05:00Z')])).toEqual({ allowed: true });
		expect(policy.submitObservations(clinicA, ended, [Date.parse('2026-11-01T08:59:00Z'), Date.parse('2026-11-01T10:00:00Z')])).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
		expect(policy.submitObservations(clinicA, withLead('cancelled'))).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
		expect(policy.submitObservations(clinicB, withLead('live'))).toMatchObject({ allowed: false, code: 'NOT_FOUND' });
		expect(policy.submitObservations(lead, withLead('live'))).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
		expect(policy.submitObservations(admin, withLead('live'))).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
	});

	it('lets participants and admins read, in any state, and nobody else', () => {
		for (const actor of [clinicA, lead, admin]) expect(policy.readObservations(actor, withLead('ended'))).toEqual({ allowed: true });
		expect(policy.readObservations(colleague, withLead('live'))).toMatchObject({ allowed: false, code: 'NOT_FOUND' });
		expect(policy.readObservations(cardiologist, withLead('live'))).toMatchObject({ allowed: false, code: 'NOT_FOUND' });
		expect(policy.readObservations(clinicB, withLead('live'))).toMatchObject({ allowed: false, code: 'NOT_FOUND' });
	});

	it('lets only the clinic seat mark the auscultation site and only an expert seat ask for one', () => {
		expect(policy.setAuscultationSite('clinic')).toEqual({ allowed: true });
		expect(policy.setAuscultationSite('expert')).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
		expect(policy.setAuscultationSite('observer')).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
		expect(policy.requestAuscultationSite('expert')).toEqual({ allowed: true });
		expect(policy.requestAuscultationSite('clinic')).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
		expect(policy.requestAuscultationSite('observer')).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
	});

	it('lets the clinic and its experts add attachments, while on and for what was captured before the end', () => {
		const ended = { ...accepted, state: 'ended' as const, endedAt: '2026-11-01T09:00:00.000Z' };
		const at = Date.parse('2026-11-01T08:30:00.000Z');
		expect(policy.uploadAttachment(clinicA, accepted, at)).toEqual({ allowed: true, source: 'clinic' });
		expect(policy.uploadAttachment(lead, accepted, at)).toEqual({ allowed: true, source: 'expert' });
		expect(verdict(policy.uploadAttachment(clinicB, accepted, at))).toBe('NOT_FOUND');
		expect(verdict(policy.uploadAttachment(admin, accepted, at))).toBe('FORBIDDEN');
		expect(verdict(policy.uploadAttachment(clinicA, ended, at))).toBe('ok');
		expect(verdict(policy.uploadAttachment(clinicA, ended, Date.parse('2026-11-01T12:00:00.000Z')))).toBe('INVALID_STATE');
		expect(verdict(policy.uploadAttachment(clinicA, consultation(), at))).toBe('INVALID_STATE');
	});

	it('lets participants and admins read attachments, and lets only the consultation\'s experts ask for a photo', () => {
		expect([clinicA, lead, admin].map((a) => verdict(policy.readAttachments(a, accepted)))).toEqual(['ok', 'ok', 'ok']);
		expect([clinicB, cardiologist, colleague].map((a) => verdict(policy.readAttachments(a, accepted)))).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
		expect([lead, clinicA, colleague].map((a) => verdict(policy.requestPhoto(a, accepted)))).toEqual(['ok', 'FORBIDDEN', 'NOT_FOUND']);
	});

	it('lets only the clinic send the document camera', () => {
		expect([policy.send('clinic', 'document'), policy.send('expert', 'document'), policy.send('observer', 'document')].map(verdict)).toEqual(['ok', 'FORBIDDEN_SOURCE', 'FORBIDDEN_SOURCE']);
	});
});
