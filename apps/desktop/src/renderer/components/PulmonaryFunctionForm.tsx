import { VITAL_KINDS } from '@consultdesk/protocol';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pulmonaryFunction, type PulmonaryField, type PulmonaryFunctionInput } from '../consultation/pulmonary-function.js';
import type { PulmonaryResult } from '../consultation/pulmonary-function.js';

const EMPTY: PulmonaryFunctionInput = { fev1: '', fvc: '', pef: '', bronchodilator: '', therapy: '' };

/**
 * Spirometry done with a nebuliser therapy: FEV1, FVC and PEF as measured,
 * FEV1/FVC computed (never typed), before or after the bronchodilator, and
 * the therapy it belongs to. Values outside the plausible range are refused
 * with the range, so a misplaced decimal point is caught here.
 */
export function PulmonaryFunctionForm({ onRecord }: { onRecord: (result: Extract<PulmonaryResult, { ok: true }>) => void }) {
	const { t } = useTranslation();
	const [input, setInput] = useState<PulmonaryFunctionInput>(EMPTY);
	const [showProblems, setShowProblems] = useState(false);
	const [recorded, setRecorded] = useState(false);
	const result = pulmonaryFunction(input);
	const problem = (field: PulmonaryField) => (showProblems && !result.ok ? result.problems[field] : undefined);
	const set = (change: Partial<PulmonaryFunctionInput>) => {
		setInput((current) => ({ ...current, ...change }));
		setRecorded(false);
	};

	const submit = (event: FormEvent) => {
		event.preventDefault();
		setShowProblems(true);
		if (!result.ok) return;
		onRecord(result);
		setInput((current) => ({ ...EMPTY, therapy: current.therapy }));
		setShowProblems(false);
		setRecorded(true);
	};

	const numberField = (field: 'fev1' | 'fvc' | 'pef') => {
		const kind = VITAL_KINDS[field];
		const unit = t(`vitals.units.${kind.unit}`);
		const why = problem(field);
		return (
			<label className="field">
				<span>{t('vitals.column', { label: t(`vitals.labels.${field}`), unit })}</span>
				<input data-testid={`pulmonary-${field}`} inputMode="decimal" value={input[field]} onChange={(e) => set({ [field]: e.target.value })} aria-invalid={why !== undefined} />
				{why && <span className="warning">{why === 'out-of-range' ? t('pulmonary.problems.out-of-range', { min: String(kind.plausible.min), max: String(kind.plausible.max), unit }) : t(`pulmonary.problems.${why}`)}</span>}
			</label>
		);
	};

	return (
		<form className="form-grid pulmonary-form" onSubmit={submit} data-testid="pulmonary-form">
			<h3>{t('pulmonary.title')}</h3>
			{numberField('fev1')}
			{numberField('fvc')}
			<p className="field" data-testid="pulmonary-ratio" data-ratio={result.ratio ?? ''}>
				<span>{t('vitals.column', { label: t('vitals.labels.fev1-fvc'), unit: '%' })}</span>
				<strong>{result.ratio === undefined ? t('pulmonary.ratioPending') : t('pulmonary.ratio', { ratio: result.ratio })}</strong>
			</p>
			{numberField('pef')}
			<fieldset className="field" aria-invalid={problem('bronchodilator') !== undefined}>
				<legend>{t('pulmonary.bronchodilator')}</legend>
				{(['pre', 'post'] as const).map((value) => (
					<label key={value}>
						<input type="radio" name="bronchodilator" value={value} data-testid={`pulmonary-${value}`} checked={input.bronchodilator === value} onChange={() => set({ bronchodilator: value })} />
						{t(`pulmonary.${value}`)}
					</label>
				))}
				{problem('bronchodilator') && <span className="warning">{t('pulmonary.problems.required')}</span>}
			</fieldset>
			<label className="field">
				<span>{t('pulmonary.therapy')}</span>
				<input data-testid="pulmonary-therapy" value={input.therapy} maxLength={120} placeholder={t('pulmonary.therapyHint')} onChange={(e) => set({ therapy: e.target.value })} />
				{problem('therapy') && <span className="warning">{t('pulmonary.problems.required')}</span>}
			</label>
			<button type="submit" data-testid="pulmonary-submit">
				{t('pulmonary.record')}
			</button>
			{recorded && (
				<p className="muted" role="status" data-testid="pulmonary-recorded">
					{t('pulmonary.recorded')}
				</p>
			)}
		</form>
	);
}
