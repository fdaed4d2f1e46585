import { VITAL_KINDS, vitalReadingSchema, type PulmonaryContext, type VitalReading } from '@consultdesk/protocol';

/** What the doctor typed in the pulmonary-function form, as text. */
export interface PulmonaryFunctionInput {
	fev1: string;
	fvc: string;
	pef: string;
	bronchodilator: PulmonaryContext['bronchodilator'] | '';
	therapy: string;
}

export type PulmonaryField = 'fev1' | 'fvc' | 'pef' | 'bronchodilator' | 'therapy';
/** Why a field was refused; the form translates the code. */
export type PulmonaryProblem = 'required' | 'not-a-number' | 'out-of-range' | 'fev1-above-fvc';

export type PulmonaryResult =
	| { ok: true; readings: VitalReading[]; ratio: number; context: PulmonaryContext }
	| { ok: false; problems: Partial<Record<PulmonaryField, PulmonaryProblem>>; ratio: number | undefined };

/** A decimal as typed ("2.10" or "2,10"), with the decimals the doctor wrote. */
function decimal(text: string): { value: number; decimals: number } | 'required' | 'not-a-number' {
	const trimmed = text.trim().replace(',', '.');
	if (trimmed === '') return 'required';
	if (!/^\d{1,3}(\.\d{1,3})?$/.test(trimmed)) return 'not-a-number';
	return { value: Number(trimmed), decimals: trimmed.split('.')[1]?.length ?? 0 };
}

/**
 * Checks a spirometry entry against the registry's plausible ranges, and
 * that FEV1 does not exceed FVC, and computes FEV1/FVC (%) from them rather
 * than trusting a typed ratio.
 */
export function pulmonaryFunction(input: PulmonaryFunctionInput): PulmonaryResult {
	const problems: Partial<Record<PulmonaryField, PulmonaryProblem>> = {};
	const readings: VitalReading[] = [];
	const values: Partial<Record<'fev1' | 'fvc' | 'pef', number>> = {};
	for (const code of ['fev1', 'fvc', 'pef'] as const) {
		const parsed = decimal(input[code]);
		if (typeof parsed === 'string') {
			problems[code] = parsed;
			continue;
		}
		const reading = vitalReadingSchema.safeParse({ code, value: parsed.value, unit: VITAL_KINDS[code].unit, decimals: parsed.decimals });
		if (!reading.success) problems[code] = 'out-of-range';
		else {
			readings.push(reading.data);
			values[code] = parsed.value;
		}
	}
	let ratio: number | undefined;
	if (values.fev1 !== undefined && values.fvc !== undefined) {
		if (values.fev1 > values.fvc) problems.fev1 = 'fev1-above-fvc';
		else {
			ratio = Math.round((values.fev1 / values.fvc) * 100);
			const reading = vitalReadingSchema.safeParse({ code: 'fev1-fvc', value: ratio, unit: '%', decimals: 0 });
			if (reading.success) readings.splice(2, 0, reading.data);
			else problems.fev1 = 'out-of-range';
		}
	}
	if (input.bronchodilator === '') problems.bronchodilator = 'required';
	if (input.therapy.trim() === '') problems.therapy = 'required';
	if (Object.keys(problems).length > 0 || input.bronchodilator === '') return { ok: false, problems, ratio };
	return { ok: true, readings, ratio: ratio!, context: { bronchodilator: input.bronchodilator, therapy: input.therapy.trim().slice(0, 120) } };
}
