import { CLINICAL_TEXT_MAX_LENGTH } from '@consultdesk/protocol';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './ErrorBanner.js';

/** The expert ends a consultation with a summary note, which the clinic reads in its history. */
export function EndConsultationForm({ code, onEnd, onCancel }: { code: string; onEnd: (summary: string) => Promise<unknown>; onCancel: () => void }) {
	const { t } = useTranslation();
	const id = useId();
	const [summary, setSummary] = useState('');
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		setBusy(true);
		setError(undefined);
		try {
			await onEnd(summary.trim());
		} catch (e) {
			setError(e);
			setBusy(false);
		}
	};

	return (
		<form className="end-form form-grid" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} data-testid="end-form">
			<h3 id={`${id}-title`}>{t('expert.end.title', { code })}</h3>
			<label className="field">
				<span>{t('expert.end.summary')}</span>
				<textarea
					data-testid="end-summary"
					value={summary}
					onChange={(e) => setSummary(e.target.value)}
					rows={4}
					maxLength={CLINICAL_TEXT_MAX_LENGTH}
					required
					autoFocus
					aria-describedby={`${id}-hint`}
				/>
				<small id={`${id}-hint`} className="hint">
					{t('expert.end.summaryHint')}
				</small>
			</label>
			<div className="button-row">
				<button type="submit" className="danger" data-testid="end-submit" disabled={busy || summary.trim() === ''}>
					{busy ? t('expert.end.busy') : t('expert.end.submit')}
				</button>
				<button type="button" className="secondary" onClick={onCancel} disabled={busy}>
					{t('common.cancel')}
				</button>
			</div>
			<ErrorBanner error={error} />
		</form>
	);
}
