import { z } from 'zod';
import { VITAL_KINDS, type VitalCode } from './vital-kinds.js';

/** Data-channel label and sub-protocol of the vitals stream. */
export const VITALS_CHANNEL_LABEL = 'vitals';
export const VITALS_CHANNEL_PROTOCOL = 'consultdesk-vitals/2';

/*
 * One value, tagged with its code and its unit as a literal (both from the
 * registry), so a value can never be shown with the wrong unit. `decimals` is
 * the precision the device sent (36.60 °C has 2), so the value shows as the
 * device reported it rather than as a float prints.
 */
function valueSchema<C extends VitalCode>(code: C) {
	const kind = VITAL_KINDS[code];
	return z.strictObject({
		code: z.literal(code),
		value: z.number().min(kind.plausible.min).max(kind.plausible.max),
		unit: z.literal(kind.unit as (typeof VITAL_KINDS)[C]['unit']),
		decimals: z.int().min(0).max(6),
	});
}

export const vitalReadingSchema = z.discriminatedUnion('code', [
	valueSchema('heart-rate'),
	valueSchema('pulse-rate'),
	valueSchema('spo2'),
	valueSchema('bp-systolic'),
	valueSchema('bp-diastolic'),
	valueSchema('bp-mean'),
	valueSchema('body-temperature'),
	valueSchema('body-weight'),
	valueSchema('body-height'),
	valueSchema('bmi'),
	valueSchema('fev1'),
	valueSchema('fvc'),
	valueSchema('fev1-fvc'),
	valueSchema('pef'),
]);
export type VitalReading = z.infer<typeof vitalReadingSchema>;

export const deviceKindSchema = z.enum(['pulse-oximeter', 'heart-rate-monitor', 'thermometer', 'blood-pressure-monitor', 'weight-scale', 'spirometer']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

/** What a pulmonary-function test belongs to: before or after the bronchodilator of one nebuliser therapy. */
export const pulmonaryContextSchema = z.strictObject({
	bronchodilator: z.enum(['pre', 'post']),
	/** The clinic's label for the nebuliser therapy (drug and dose), as the doctor wrote it. */
	therapy: z.string().trim().min(1).max(120),
});
export type PulmonaryContext = z.infer<typeof pulmonaryContextSchema>;

/**
 * One measurement by one device: the unit that is sent live, queued in the
 * clinic's outbox and stored by the server exactly once. `id` is made at the
 * clinic when the device reports and never changes, so a resend is
 * recognised; `seq` counts per device from 0, so order and gaps are visible.
 */
export const vitalsObservationSchema = z.strictObject({
	id: z.uuid(),
	seq: z.int().nonnegative().max(Number.MAX_SAFE_INTEGER),
	deviceId: z.string().min(1).max(64),
	deviceKind: deviceKindSchema,
	/** When the device measured, ms since the epoch on the clinic's clock. */
	measuredAt: z.int().positive(),
	readings: z.array(vitalReadingSchema).min(1).max(16),
	pulmonary: pulmonaryContextSchema.optional(),
});
export type VitalsObservation = z.infer<typeof vitalsObservationSchema>;

/** An observation from one of the patient's earlier consultations, for the trend. */
export const earlierObservationSchema = vitalsObservationSchema.extend({ consultationId: z.string().min(1).max(64) });
export type EarlierObservation = z.infer<typeof earlierObservationSchema>;

/** A message on the vitals data channel: observations of any number of devices. */
export const vitalsMessageSchema = z.strictObject({
	v: z.literal(2),
	observations: z.array(vitalsObservationSchema).min(1).max(32),
});
export type VitalsMessage = z.infer<typeof vitalsMessageSchema>;

export function encodeVitalsMessage(message: VitalsMessage): string {
	return JSON.stringify(vitalsMessageSchema.parse(message));
}

/** Parses one data-channel message; throws a ZodError or SyntaxError on bad input. */
export function decodeVitalsMessage(raw: string): VitalsMessage {
	return vitalsMessageSchema.parse(JSON.parse(raw));
}
