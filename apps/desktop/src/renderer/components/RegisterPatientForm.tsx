import { patientReferenceSchema, sexSchema, type Patient, type RequestPayload, type Sex } from '@consultdesk/protocol';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './ErrorBanner.js';

export interface RegisterPatientFormProps {
	/** Registers with the server; `name` stays on this terminal. */
	onRegister: (details: RequestPayload<'patient:register'>, name: string) => Promise<Patient>;
	onRegistered: (patient: Patient) => void;
}

/** A new patient: the clinic's reference (shared), an optional local name (never shared), year of birth, sex. */
export function RegisterPatientForm({ onRegister, onRegistered }: RegisterPatientFormProps) {
	const { t } = useTranslation();
	const id = useId();
	const [reference, setReference] = useState('');
	const [name, setName] = useState('');
	const [birthYear, setBirthYear] = useState('');
	const [sex, setSex] = useState<Sex>('unknown');
	const [invalidReference, setInvalidReference] = useState(false);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const [registered, setRegistered] = useState<string>();
	const thisYear = new Date().getFullYear();

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		// Checked here with the protocol's own rule, so a typo reads as a typo and not as a server error.
		const parsedReference = patientReferenceSchema.safeParse(reference);
		setInvalidReference(!parsedReference.success);
		if (!parsedReference.success) return;
		setBusy(true);
		setError(undefined);
		setRegistered(undefined);
		try {
			const patient = await onRegister({ reference: parsedReference.data, sex, ...(birthYear ? { birthYear: Number(birthYear) } : {}) }, name);
			setRegistered(patient.reference);
			setReference('');
			setName('');
			setBirthYear('');
			setSex('unknown');
			onRegistered(patient);
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};

	return (
		<form className="form-grid" onSubmit={(e) => void submit(e)} data-testid="register-patient-form">
			<label className="field">
				<span>{t('clinic.patients.reference')}</span>
				<input
					data-testid="patient-reference"
					value={reference}
					onChange={(e) => setReference(e.target.value)}
					maxLength={40}
					required
					aria-invalid={invalidReference}
					aria-describedby={`${id}-reference-hint`}
				/>
				<small id={`${id}-reference-hint`} className={invalidReference ? 'hint warning' : 'hint'}>
					{t('clinic.patients.referenceHint')}
				</small>
			</label>
			<label className="field">
				<span>{t('clinic.patients.name')}</span>
				<input data-testid="patient-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoComplete="off" aria-describedby={`${id}-name-hint`} />
				<small id={`${id}-name-hint`} className="hint">
					{t('clinic.patients.nameHint')}
				</small>
			</label>
			<div className="field-row">
				<label className="field">
					<span>{t('clinic.patients.birthYear')}</span>
					<input data-testid="patient-birth-year" type="number" inputMode="numeric" min={1900} max={thisYear} value={birthYear} onChange={(e) => setBirthYear(e.target.value)} />
				</label>
				<label className="field">
					<span>{t('clinic.patients.sex')}</span>
					<select data-testid="patient-sex" value={sex} onChange={(e) => setSex(sexSchema.parse(e.target.value))}>
						{sexSchema.options.map((s) => (
							<option key={s} value={s}>
								{t(`sexes.${s}`)}
							</option>
						))}
					</select>
				</label>
			</div>
			<button type="submit" data-testid="register-patient" disabled={busy}>
				{busy ? t('clinic.patients.busy') : t('clinic.patients.submit')}
			</button>
			{registered && (
				<p className="notice" role="status">
					{t('clinic.patients.registered', { reference: registered })}
				</p>
			)}
			<ErrorBanner error={error} onDismiss={() => setError(undefined)} />
		</form>
	);
}
