import { VITAL_KINDS, type VitalCode, type VitalReading } from '@consultdesk/protocol';

export interface DisplayedReading {
	code: VitalCode;
	/** i18n key under `vitals.labels`. */
	labelKey: string;
	/** The value as the device sent it: 36.60 stays 36.60. */
	value: string;
	unit: string;
}

/** How a doctor reads a value: with exactly the decimals the device measured, and the registry's label. */
export function displayReading(reading: VitalReading): DisplayedReading {
	const kind = VITAL_KINDS[reading.code];
	return { code: reading.code, labelKey: kind.labelKey, value: reading.value.toFixed(reading.decimals), unit: reading.unit };
}
