import type { Consultation } from '@consultdesk/protocol';

/** A consultation record for the records tests: id "1" was requested at 08:01, "2" at 08:02… */
export function testConsultation(id: string, change: Partial<Consultation> = {}): Consultation {
	return {
		consultationId: id,
		code: `KC-${id}`,
		state: 'requested',
		urgency: 'routine',
		specialty: 'respiratory',
		reason: 'Cough',
		clinic: { clinicId: 'clinic-1', name: 'Kampong Cham' },
		patient: { patientId: 'p-1', reference: 'KC-0001' },
		requestedBy: { accountId: 'sok', displayName: 'Dr Sok Chenda' },
		experts: [],
		requestedAt: `2025-01-10T08:0${id}:00.000Z`,
		...change,
	};
}
