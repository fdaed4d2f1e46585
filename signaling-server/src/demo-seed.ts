import type { Specialty } from '@consultdesk/protocol';
import { hashPassword } from './auth/password-hasher.js';
import type { AccountStore } from './records/account-store.js';
import type { PatientStore } from './records/patient-store.js';

/** Every demo account's password; the README lists the accounts. */
export const DEMO_PASSWORD = 'consultdesk-demo';

export const DEMO_ACCOUNTS = [
	{ username: 'sok', displayName: 'Dr Sok Chenda', role: 'clinic-doctor', specialties: [] },
	{ username: 'wang', displayName: 'Dr Wang Li', role: 'expert', specialties: ['respiratory'] },
	{ username: 'chen', displayName: 'Dr Chen Hui', role: 'expert', specialties: ['cardiology'] },
	{ username: 'admin', displayName: 'Zhou Min', role: 'admin', specialties: [] },
] as const satisfies readonly { username: string; displayName: string; role: string; specialties: readonly Specialty[] }[];

export const DEMO_CLINIC = { name: 'Kampong Cham Community Health Centre', country: 'KH' };
export const DEMO_PATIENTS = [
	{ reference: 'KC-0001', birthYear: 1956, sex: 'male' },
	{ reference: 'KC-0002', birthYear: 1988, sex: 'female' },
] as const;

/** Fills a database this start created with a demo clinic, its accounts and two patients. */
export async function seedDemoData(accounts: AccountStore, patients: PatientStore): Promise<void> {
	const clinic = await accounts.createClinic(DEMO_CLINIC);
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	for (const demo of DEMO_ACCOUNTS) {
		await accounts.create({
			username: demo.username,
			displayName: demo.displayName,
			role: demo.role,
			passwordHash,
			specialties: [...demo.specialties],
			...(demo.role === 'clinic-doctor' ? { clinicId: clinic.clinicId } : {}),
		});
	}
	for (const patient of DEMO_PATIENTS) await patients.create({ clinicId: clinic.clinicId, ...patient });
}
