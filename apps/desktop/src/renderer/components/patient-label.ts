import type { Patient } from '@consultdesk/protocol';
import type { TFunction } from 'i18next';

/**
 * How a patient reads in pickers and headings: the clinic's reference, the
 * name this terminal keeps (if any), year of birth with approximate age, sex.
 */
export function patientLabel(patient: Patient, name: string | undefined, t: TFunction, now = new Date()): string {
	const parts = [patient.reference];
	if (name) parts.push(name);
	if (patient.birthYear !== undefined) {
		parts.push(`${t('clinic.patients.born', { birthYear: patient.birthYear })} (${t('clinic.patients.age', { years: now.getFullYear() - patient.birthYear })})`);
	}
	if (patient.sex !== 'unknown') parts.push(t(`sexes.${patient.sex}`));
	return parts.join(' · ');
}
