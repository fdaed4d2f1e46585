import type { VitalCode } from '@consultdesk/protocol';

/** Base of the FHIR R4 vital-signs profiles (http://hl7.org/fhir/R4/observation-vitalsigns.html). */
export const VITAL_SIGNS_PROFILE = 'http://hl7.org/fhir/StructureDefinition/vitalsigns';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

export type VitalSignProfile = 'heartrate' | 'oxygensat' | 'bp' | 'bodytemp' | 'bodyweight' | 'bodyheight' | 'bmi';

/**
 * Which R4 vital-signs profile each code is exported under; spirometry is
 * not a vital sign in R4 and goes out as a plain Observation (category
 * "procedure": a non-interventional procedure's result).
 */
export const PROFILE_OF: Record<VitalCode, VitalSignProfile | undefined> = {
	'heart-rate': 'heartrate',
	'pulse-rate': 'heartrate',
	spo2: 'oxygensat',
	'bp-systolic': 'bp',
	'bp-diastolic': 'bp',
	'bp-mean': 'bp',
	'body-temperature': 'bodytemp',
	'body-weight': 'bodyweight',
	'body-height': 'bodyheight',
	bmi: 'bmi',
	fev1: undefined,
	fvc: undefined,
	'fev1-fvc': undefined,
	pef: undefined,
};

/**
 * What each profile requires, from the R4 profiles' differentials: the LOINC
 * code the Observation.code must carry and the UCUM codes its
 * valueQuantity may have (a required binding). The blood-pressure panel has
 * no value of its own: its components carry systolic and diastolic.
 */
export const PROFILE_RULES: Record<VitalSignProfile, { loinc: string; units: readonly string[] }> = {
	heartrate: { loinc: '8867-4', units: ['/min'] },
	oxygensat: { loinc: '2708-6', units: ['%'] },
	bp: { loinc: '85354-9', units: [] },
	bodytemp: { loinc: '8310-5', units: ['Cel', '[degF]'] },
	bodyweight: { loinc: '29463-7', units: ['kg', 'g', '[lb_av]'] },
	bodyheight: { loinc: '8302-2', units: ['cm', '[in_i]'] },
	bmi: { loinc: '39156-5', units: ['kg/m2'] },
};

/** Systolic and diastolic in the bp profile's components, both required, in mm[Hg]. */
export const BP_COMPONENTS = { systolic: '8480-6', diastolic: '8462-4' } as const;
