import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './ErrorBanner.js';

/** The clinic's own name for a patient, edited and saved on this terminal only. */
export function PatientNameEditor({ name, onSave }: { name: string; onSave: (name: string) => Promise<void> }) {
	const { t } = useTranslation();
	const [value, setValue] = useState(name);
	const [saved, setSaved] = useState(false);
	const [error, setError] = useState<unknown>();

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		setSaved(false);
		setError(undefined);
		try {
			await onSave(value);
			setSaved(true);
		} catch (e) {
			setError(e);
		}
	};

	return (
		<form className="inline-form" onSubmit={(e) => void submit(e)}>
			<label className="field">
				<span>{t('clinic.patients.editName')}</span>
				<input data-testid="edit-patient-name" value={value} onChange={(e) => (setValue(e.target.value), setSaved(false))} maxLength={120} autoComplete="off" />
			</label>
			<button type="submit" className="secondary">
				{t('clinic.patients.saveName')}
			</button>
			{saved && (
				<span className="notice-inline" role="status">
					{t('clinic.patients.nameSaved')}
				</span>
			)}
			<ErrorBanner error={error} />
		</form>
	);
}
