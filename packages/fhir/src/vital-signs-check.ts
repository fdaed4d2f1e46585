/// <reference types="fhir" />
import { BP_COMPONENTS, LOINC, OBSERVATION_CATEGORY, PROFILE_RULES, UCUM, VITAL_SIGNS_PROFILE, type VitalSignProfile } from './vital-sign-profiles.js';

const PROFILE_BASE = 'http://hl7.org/fhir/StructureDefinition/';

function quantityProblems(where: string, quantity: fhir4.Quantity | undefined, units: readonly string[]): string[] {
	if (!quantity) return [`${where}: valueQuantity missing`];
	const problems: string[] = [];
	if (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) problems.push(`${where}: value missing`);
	if (!quantity.unit) problems.push(`${where}: unit missing`);
	if (quantity.system !== UCUM) problems.push(`${where}: system is not UCUM`);
	if (!quantity.code || !units.includes(quantity.code)) problems.push(`${where}: unit code ${quantity.code ?? 'missing'} not in ${units.join(', ')}`);
	return problems;
}

/**
 * What an Observation claiming an R4 vital-signs profile lacks, by the
 * profile's rules: must-have status, the vital-signs category, the profile's
 * LOINC code, a subject, an effective time, and a UCUM quantity in one of the
 * bound units (for bp: systolic and diastolic components in mm[Hg]).
 * Empty when it conforms; JSON-schema validity is checked separately.
 */
export function vitalSignsProblems(observation: fhir4.Observation): string[] {
	const profiles = observation.meta?.profile ?? [];
	const specific = profiles.filter((p) => p.startsWith(PROFILE_BASE) && p !== VITAL_SIGNS_PROFILE).map((p) => p.slice(PROFILE_BASE.length));
	const problems: string[] = [];
	if (!profiles.includes(VITAL_SIGNS_PROFILE)) problems.push('meta.profile lacks the vitalsigns profile');
	if (specific.length !== 1 || !(specific[0]! in PROFILE_RULES)) return [...problems, `no single known vital-signs profile: ${specific.join(', ')}`];
	const profile = specific[0] as VitalSignProfile;
	const rules = PROFILE_RULES[profile];
	if (!observation.status) problems.push('status missing');
	if (!observation.category?.some((c) => c.coding?.some((k) => k.system === OBSERVATION_CATEGORY && k.code === 'vital-signs'))) problems.push('category vital-signs missing');
	if (!observation.code.coding?.some((c) => c.system === LOINC && c.code === rules.loinc)) problems.push(`code lacks LOINC ${rules.loinc}`);
	if (!observation.subject?.reference?.startsWith('Patient/')) problems.push('subject is not a Patient');
	if (!observation.effectiveDateTime && !observation.effectivePeriod) problems.push('effective[x] missing');
	if (profile === 'bp') {
		for (const [name, loinc] of Object.entries(BP_COMPONENTS)) {
			const component = observation.component?.find((c) => c.code.coding?.some((k) => k.system === LOINC && k.code === loinc));
			if (!component) problems.push(`component ${name} (${loinc}) missing`);
			else problems.push(...quantityProblems(`component ${name}`, component.valueQuantity, ['mm[Hg]']));
		}
	} else {
		problems.push(...quantityProblems('value', observation.valueQuantity, rules.units));
	}
	return problems;
}
