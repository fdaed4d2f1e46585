import type { AccountRole, Specialty } from '@consultdesk/protocol';

/*
 * The Socket.IO rooms a connection joins, by account. Notifications are
 * addressed to these rooms only, so each reaches exactly the people who may
 * see it: a clinic's doctors, one account, the experts of a specialty, admins.
 */

export const audience = {
	account: (accountId: string) => `account:${accountId}`,
	clinic: (clinicId: string) => `clinic:${clinicId}`,
	/** Experts of a specialty: the queue of waiting requests. */
	specialty: (specialty: Specialty) => `specialty:${specialty}`,
	admins: 'admins',
} as const;

export function roomsOf(account: { accountId: string; role: AccountRole; clinic?: { clinicId: string } | undefined; specialties: readonly Specialty[] }): string[] {
	const rooms = [audience.account(account.accountId)];
	switch (account.role) {
		case 'clinic-doctor':
			if (account.clinic) rooms.push(audience.clinic(account.clinic.clinicId));
			break;
		case 'expert':
			rooms.push(...account.specialties.map(audience.specialty));
			break;
		case 'admin':
			rooms.push(audience.admins);
			break;
	}
	return rooms;
}
