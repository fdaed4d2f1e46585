import type { VitalCode, VitalReading } from '@consultdesk/protocol';

/** How a doctor reads each vital: its name, and how many decimals are meaningful. */
const DISPLAY: Record<VitalCode, { label: string; decimals: number }> = {
	spo2: { label: 'SpO₂', decimals: 0 },
	'pulse-rate': { label: 'Pulse', decimals: 0 },
};

export interface DisplayedReading {
	code: VitalCode;
	label: string;
	value: string;
	unit: string;
}

export function displayReading(reading: VitalReading): DisplayedReading {
	const { label, decimals } = DISPLAY[reading.code];
	return { code: reading.code, label, value: reading.value.toFixed(decimals), unit: reading.unit };
}
