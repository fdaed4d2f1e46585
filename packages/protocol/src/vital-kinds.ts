/*
 * The one registry of vital kinds: the parsers, the panel, the trend chart,
 * the alerts and the FHIR mapping all read a kind's unit, precision, range and
 * LOINC code from here, so they cannot disagree.
 *
 * Units are UCUM (http://unitsofmeasure.org) and are the unit every reading
 * of that kind travels and is stored in; a device reporting in another unit
 * (°F, kPa, lb) is converted at the clinic (packages/vitals). `plausible` is
 * what a device can sensibly report, not what is clinically normal: outside
 * it a value is refused as a device or entry error.
 */
export interface VitalKind {
	/** i18n key under `vitals.labels`. */
	readonly labelKey: string;
	/** UCUM code, as sent to FHIR and shown to doctors. */
	readonly unit: string;
	/** Decimals a doctor reads (the device's own precision is kept on the reading). */
	readonly decimals: number;
	readonly plausible: { readonly min: number; readonly max: number };
	/** LOINC codes, the primary first (FHIR vital-signs profiles require it). */
	readonly loinc: readonly [string, ...string[]];
	/** LOINC display names, same order as `loinc`. */
	readonly loincDisplay: readonly [string, ...string[]];
}

export const VITAL_KINDS = {
	'heart-rate': { labelKey: 'heart-rate', unit: '/min', decimals: 0, plausible: { min: 0, max: 350 }, loinc: ['8867-4'], loincDisplay: ['Heart rate'] },
	// A pulse oximeter's pulse rate: LOINC and the FHIR heartrate profile use 8867-4 for it too.
	'pulse-rate': { labelKey: 'pulse-rate', unit: '/min', decimals: 0, plausible: { min: 0, max: 350 }, loinc: ['8867-4'], loincDisplay: ['Heart rate'] },
	// The oxygensat profile requires 2708-6; 59408-5 says it was measured by pulse oximetry.
	spo2: {
		labelKey: 'spo2',
		unit: '%',
		decimals: 0,
		plausible: { min: 0, max: 100 },
		loinc: ['2708-6', '59408-5'],
		loincDisplay: ['Oxygen saturation in Arterial blood', 'Oxygen saturation in Arterial blood by Pulse oximetry'],
	},
	'bp-systolic': { labelKey: 'bp-systolic', unit: 'mm[Hg]', decimals: 0, plausible: { min: 0, max: 300 }, loinc: ['8480-6'], loincDisplay: ['Systolic blood pressure'] },
	'bp-diastolic': { labelKey: 'bp-diastolic', unit: 'mm[Hg]', decimals: 0, plausible: { min: 0, max: 300 }, loinc: ['8462-4'], loincDisplay: ['Diastolic blood pressure'] },
	'bp-mean': { labelKey: 'bp-mean', unit: 'mm[Hg]', decimals: 0, plausible: { min: 0, max: 300 }, loinc: ['8478-0'], loincDisplay: ['Mean blood pressure'] },
	'body-temperature': { labelKey: 'body-temperature', unit: 'Cel', decimals: 1, plausible: { min: 25, max: 45 }, loinc: ['8310-5'], loincDisplay: ['Body temperature'] },
	'body-weight': { labelKey: 'body-weight', unit: 'kg', decimals: 1, plausible: { min: 0, max: 500 }, loinc: ['29463-7'], loincDisplay: ['Body weight'] },
	'body-height': { labelKey: 'body-height', unit: 'm', decimals: 2, plausible: { min: 0.2, max: 2.8 }, loinc: ['8302-2'], loincDisplay: ['Body height'] },
	bmi: { labelKey: 'bmi', unit: 'kg/m2', decimals: 1, plausible: { min: 5, max: 100 }, loinc: ['39156-5'], loincDisplay: ['Body mass index (BMI) [Ratio]'] },
	fev1: { labelKey: 'fev1', unit: 'L', decimals: 2, plausible: { min: 0.1, max: 8 }, loinc: ['20150-9'], loincDisplay: ['FEV1'] },
	fvc: { labelKey: 'fvc', unit: 'L', decimals: 2, plausible: { min: 0.1, max: 10 }, loinc: ['19868-9'], loincDisplay: ['FVC'] },
	'fev1-fvc': { labelKey: 'fev1-fvc', unit: '%', decimals: 0, plausible: { min: 10, max: 100 }, loinc: ['19926-5'], loincDisplay: ['FEV1/FVC'] },
	/*
	 * PEF: 19935-6 ("Maximum expiratory gas flow Respiratory system airway by
	 * Peak flow meter ... [Volume Rate]", the spirometry PEF) rather than
	 * 33452-4, which LOINC ties to a handheld peak-flow meter read in L/min.
	 * Our PEF comes from the spirometer in L/s, so 19935-6 with L/s. Chosen from
	 * the description; not checked against a LOINC release here.
	 */
	pef: { labelKey: 'pef', unit: 'L/s', decimals: 2, plausible: { min: 0.5, max: 20 }, loinc: ['19935-6'], loincDisplay: ['Peak expiratory flow rate'] },
} as const satisfies Record<string, VitalKind>;

export type VitalCode = keyof typeof VITAL_KINDS;
export const VITAL_CODES = Object.keys(VITAL_KINDS) as [VitalCode, ...VitalCode[]];

export function vitalKind(code: VitalCode): VitalKind {
	return VITAL_KINDS[code];
}
