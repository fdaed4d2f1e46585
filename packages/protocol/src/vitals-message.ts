import { z } from 'zod';

/** Data-channel label and sub-protocol of the vitals stream. */
export const VITALS_CHANNEL_LABEL = 'vitals';
export const VITALS_CHANNEL_PROTOCOL = 'consultdesk-vitals/1';

/*
 * One reading, tagged with its code and its unit as a literal, so a value can
 * never be shown with the wrong unit. Ranges are what a device can report,
 * not what is clinically normal.
 */
const spo2 = z.object({ code: z.literal('spo2'), value: z.number().min(0).max(100), unit: z.literal('%') });
const pulseRate = z.object({ code: z.literal('pulse-rate'), value: z.number().min(0).max(350), unit: z.literal('/min') });

export const vitalReadingSchema = z.discriminatedUnion('code', [spo2, pulseRate]);
export type VitalReading = z.infer<typeof vitalReadingSchema>;
export type VitalCode = VitalReading['code'];

/** A message on the vitals data channel: one device's readings at one moment. */
export const vitalsMessageSchema = z.strictObject({
	v: z.literal(1),
	/** Per-device sequence number, from 0; lets the receiver see gaps and order. */
	seq: z.int().nonnegative(),
	deviceId: z.string().min(1).max(64),
	deviceKind: z.enum(['pulse-oximeter']),
	/** When the device measured, ms since the epoch on the clinic's clock. */
	measuredAt: z.int().positive(),
	readings: z.array(vitalReadingSchema).min(1).max(16),
});
export type VitalsMessage = z.infer<typeof vitalsMessageSchema>;

export function encodeVitalsMessage(message: VitalsMessage): string {
	return JSON.stringify(vitalsMessageSchema.parse(message));
}

/** Parses one data-channel message; throws a ZodError or SyntaxError on bad input. */
export function decodeVitalsMessage(raw: string): VitalsMessage {
	return vitalsMessageSchema.parse(JSON.parse(raw));
}
