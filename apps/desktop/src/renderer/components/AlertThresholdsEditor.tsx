import { VITAL_KINDS, type VitalCode } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';
import type { AlertThresholds } from '../consultation/vitals-alerts.js';

/** The limits an expert may change, each with the side it applies to. */
const EDITABLE: { code: VitalCode; bound: 'below' | 'above' }[] = [
	{ code: 'spo2', bound: 'below' },
	{ code: 'pulse-rate', bound: 'below' },
	{ code: 'pulse-rate', bound: 'above' },
	{ code: 'bp-systolic', bound: 'above' },
	{ code: 'fev1-fvc', bound: 'below' },
];

/** Alert limits for this consultation; heart rate follows the pulse limits. */
export function AlertThresholdsEditor({ thresholds, onChange }: { thresholds: AlertThresholds; onChange: (next: AlertThresholds) => void }) {
	const { t } = useTranslation();
	const set = (code: VitalCode, bound: 'below' | 'above', text: string) => {
		const value = text.trim() === '' ? undefined : Number(text);
		if (value !== undefined && !Number.isFinite(value)) return;
		const next: AlertThresholds = { ...thresholds, [code]: { ...thresholds[code], [bound]: value } };
		if (code === 'pulse-rate') next['heart-rate'] = next['pulse-rate'];
		onChange(next);
	};
	return (
		<details className="alert-thresholds" data-testid="alert-thresholds">
			<summary>{t('vitals.thresholds.title')}</summary>
			<div className="form-grid">
				{EDITABLE.map(({ code, bound }) => (
					<label className="field" key={`${code}-${bound}`}>
						<span>
							{t(`vitals.thresholds.${bound}`, { label: t(`vitals.labels.${code}`), unit: t(`vitals.units.${VITAL_KINDS[code].unit}`) })}
						</span>
						<input
							type="number"
							data-testid={`threshold-${code}-${bound}`}
							value={thresholds[code]?.[bound] ?? ''}
							min={VITAL_KINDS[code].plausible.min}
							max={VITAL_KINDS[code].plausible.max}
							onChange={(e) => set(code, bound, e.target.value)}
						/>
					</label>
				))}
			</div>
		</details>
	);
}
