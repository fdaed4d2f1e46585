import type { VitalCode, VitalReading } from '@consultdesk/protocol';

/** Limits outside which a value is flagged to the expert; a missing bound is not checked. */
export type AlertThresholds = Partial<Record<VitalCode, { below?: number; above?: number }>>;

/** The defaults: hypoxaemia, brady- and tachycardia, hypertensive crisis, airflow obstruction. */
export const DEFAULT_THRESHOLDS: AlertThresholds = {
	spo2: { below: 92 },
	'heart-rate': { below: 40, above: 130 },
	'pulse-rate': { below: 40, above: 130 },
	'bp-systolic': { above: 180 },
	'fev1-fvc': { below: 70 },
};

export type Alert = 'low' | 'high';

/** Whether a reading crosses its thresholds; the number is always still shown. */
export function alertFor(reading: VitalReading, thresholds: AlertThresholds): Alert | undefined {
	const limits = thresholds[reading.code];
	if (limits?.below !== undefined && reading.value < limits.below) return 'low';
	if (limits?.above !== undefined && reading.value > limits.above) return 'high';
	return undefined;
}
