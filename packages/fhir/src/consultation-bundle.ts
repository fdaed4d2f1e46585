/// <reference types="fhir" />
import { VITAL_KINDS, type ConsultationState, type VitalCode, type VitalReading, type VitalsObservation } from '@consultdesk/protocol';
import { LOINC, OBSERVATION_CATEGORY, PROFILE_OF, PROFILE_RULES, UCUM, VITAL_SIGNS_PROFILE } from './vital-sign-profiles.js';

/** What the export needs of a consultation; the patient only as the clinic's pseudonymous reference. */
export interface ConsultationExport {
	consultationId: string;
	code: string;
	state: ConsultationState;
	requestedAt: string;
	startedAt?: string | undefined;
	endedAt?: string | undefined;
	clinic: { clinicId: string; name: string };
	patient: { patientId: string; reference: string };
	observations: readonly VitalsObservation[];
}

/** Where the bundle's resources are said to live: fullUrl = base/Type/id. */
export interface BundleOptions {
	baseUrl: string;
	/** When the bundle was made. */
	now?: Date;
}

/** Identifier systems of this server, as URNs (no resolvable URL is promised). */
const SYSTEMS = {
	patientReference: (clinicId: string) => `urn:consultdesk:clinic:${clinicId}:patient-reference`,
	consultationCode: 'urn:consultdesk:consultation-code',
	device: 'urn:consultdesk:device',
	observation: 'urn:ietf:rfc:3986',
};

const ENCOUNTER_STATUS: Record<ConsultationState, fhir4.Encounter['status']> = {
	requested: 'planned',
	accepted: 'planned',
	live: 'in-progress',
	ended: 'finished',
	cancelled: 'cancelled',
	expired: 'cancelled',
};

/** FHIR ids are [A-Za-z0-9\-.]{1,64}; device ids come from the clinic and are made to fit. */
export function fhirId(raw: string): string {
	return raw.replace(/[^A-Za-z0-9\-.]/g, '-').slice(0, 64) || 'x';
}

const loincCoding = (code: VitalCode): fhir4.Coding[] =>
	VITAL_KINDS[code].loinc.map((c, i) => ({ system: LOINC, code: c, display: VITAL_KINDS[code].loincDisplay[i] }));

function quantity(reading: VitalReading): fhir4.Quantity {
	// The bodyheight profile binds cm or [in_i]; the registry keeps metres.
	if (reading.code === 'body-height') return { value: Number((reading.value * 100).toFixed(Math.max(0, reading.decimals - 2))), unit: 'cm', system: UCUM, code: 'cm' };
	return { value: reading.value, unit: VITAL_KINDS[reading.code].unit, system: UCUM, code: VITAL_KINDS[reading.code].unit };
}

/**
 * A consultation's vitals as an R4 Bundle of type "collection": the
 * Patient (identifier only: the clinic's reference, never a name), the
 * Encounter, one Device per device and one Observation per reading (the
 * blood-pressure readings of one measurement as one panel with components,
 * as the bp profile requires).
 *
 * JSON numbers cannot keep trailing zeros: 36.60 °C goes out as 36.6; the
 * precision the device sent stays in our own records.
 */
export function consultationBundle(input: ConsultationExport, options: BundleOptions): fhir4.Bundle {
	const url = (type: string, id: string) => `${options.baseUrl}/${type}/${id}`;
	const patientId = fhirId(input.patient.patientId);
	const encounterId = fhirId(input.consultationId);
	const subject = { reference: `Patient/${patientId}` };
	const encounter = { reference: `Encounter/${encounterId}` };

	const patient: fhir4.Patient = {
		resourceType: 'Patient',
		id: patientId,
		identifier: [{ system: SYSTEMS.patientReference(input.clinic.clinicId), value: input.patient.reference, assigner: { display: input.clinic.name } }],
	};
	const period: fhir4.Period = {};
	if (input.startedAt) period.start = input.startedAt;
	if (input.endedAt) period.end = input.endedAt;
	const encounterResource: fhir4.Encounter = {
		resourceType: 'Encounter',
		id: encounterId,
		identifier: [{ system: SYSTEMS.consultationCode, value: input.code }],
		status: ENCOUNTER_STATUS[input.state],
		class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR', display: 'virtual' },
		subject,
		...(period.start || period.end ? { period } : {}),
	};

	const devices = new Map<string, fhir4.Device>();
	for (const o of input.observations) {
		if (devices.has(o.deviceId)) continue;
		devices.set(o.deviceId, {
			resourceType: 'Device',
			id: fhirId(`device-${o.deviceId}`),
			identifier: [{ system: SYSTEMS.device, value: o.deviceId }],
			type: { text: o.deviceKind },
		});
	}

	const observations: fhir4.Observation[] = [];
	for (const o of input.observations) {
		const device = { reference: `Device/${devices.get(o.deviceId)!.id}` };
		const common = {
			status: 'final' as const,
			subject,
			encounter,
			effectiveDateTime: new Date(o.measuredAt).toISOString(),
			device,
			identifier: [{ system: SYSTEMS.observation, value: `urn:uuid:${o.id}` }],
			...(o.pulmonary ? { note: [{ text: `${o.pulmonary.bronchodilator === 'pre' ? 'Pre' : 'Post'}-bronchodilator; nebuliser therapy: ${o.pulmonary.therapy}` }] } : {}),
		};
		const bp = o.readings.filter((r) => PROFILE_OF[r.code] === 'bp');
		const systolic = bp.find((r) => r.code === 'bp-systolic');
		const diastolic = bp.find((r) => r.code === 'bp-diastolic');
		if (systolic && diastolic) {
			observations.push({
				resourceType: 'Observation',
				id: fhirId(`${o.id}-bp`),
				meta: { profile: [VITAL_SIGNS_PROFILE, `${'http://hl7.org/fhir/StructureDefinition/'}bp`] },
				category: [vitalSignsCategory()],
				code: { coding: [{ system: LOINC, code: PROFILE_RULES.bp.loinc, display: 'Blood pressure panel with all children optional' }], text: 'Blood pressure' },
				...common,
				component: bp.map((r) => ({ code: { coding: loincCoding(r.code) }, valueQuantity: quantity(r) })),
			});
		}
		for (const reading of o.readings) {
			const profile = PROFILE_OF[reading.code];
			if (profile === 'bp' && systolic && diastolic) continue;
			// A lone systolic or diastolic cannot form the bp panel: it goes out without the vital-signs profile.
			const vital = profile !== undefined && profile !== 'bp';
			observations.push({
				resourceType: 'Observation',
				id: fhirId(`${o.id}-${reading.code}`),
				...(vital ? { meta: { profile: [VITAL_SIGNS_PROFILE, `http://hl7.org/fhir/StructureDefinition/${profile}`] } } : {}),
				category: [vital || profile === 'bp' ? vitalSignsCategory() : { coding: [{ system: OBSERVATION_CATEGORY, code: 'procedure', display: 'Procedure' }] }],
				code: { coding: loincCoding(reading.code), text: VITAL_KINDS[reading.code].loincDisplay[0] },
				...common,
				valueQuantity: quantity(reading),
			});
		}
	}

	const resources: fhir4.FhirResource[] = [patient, encounterResource, ...devices.values(), ...observations];
	return {
		resourceType: 'Bundle',
		type: 'collection',
		timestamp: (options.now ?? new Date()).toISOString(),
		entry: resources.map((resource) => ({ fullUrl: url(resource.resourceType, resource.id!), resource })),
	};
}

function vitalSignsCategory(): fhir4.CodeableConcept {
	return { coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }], text: 'Vital Signs' };
}
