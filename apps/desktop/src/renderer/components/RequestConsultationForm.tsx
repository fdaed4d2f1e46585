import { CLINICAL_TEXT_MAX_LENGTH, SPECIALTIES, URGENCIES, specialtySchema, urgencySchema, type Consultation, type Patient, type RequestPayload, type Specialty, type Urgency } from '@consultdesk/protocol';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './ErrorBanner.js';
import { patientLabel } from './patient-label.js';

export interface RequestConsultationFormProps {
	patients: readonly Patient[];
	patientNames: ReadonlyMap<string, string>;
	patientId: string;
	onPatientChange: (patientId: string) => void;
	onRequest: (request: RequestPayload<'consultation:request'>) => Promise<Consultation>;
}

/** Asks for an expert: which patient, why, in which specialty, how urgently. */
export function RequestConsultationForm({ patients, patientNames, patientId, onPatientChange, onRequest }: RequestConsultationFormProps) {
	const { t } = useTranslation();
	const id = useId();
	const [reason, setReason] = useState('');
	const [specialty, setSpecialty] = useState<Specialty>('general');
	const [urgency, setUrgency] = useState<Urgency>('routine');
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const [sent, setSent] = useState<Consultation>();

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		setBusy(true);
		setError(undefined);
		setSent(undefined);
		try {
			setSent(await onRequest({ patientId, reason: reason.trim(), specialty, urgency }));
			setReason('');
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};

	return (
		<form className="form-grid" onSubmit={(e) => void submit(e)} data-testid="request-form">
			<label className="field">
				<span>{t('clinic.request.patient')}</span>
				<select data-testid="request-patient" value={patientId} onChange={(e) => onPatientChange(e.target.value)} required>
					<option value="">{t('clinic.request.choosePatient')}</option>
					{patients.map((p) => (
						<option key={p.patientId} value={p.patientId} data-reference={p.reference}>
							{patientLabel(p, patientNames.get(p.patientId), t)}
						</option>
					))}
				</select>
				{patients.length === 0 && <small className="hint">{t('clinic.request.noPatients')}</small>}
			</label>
			<label className="field">
				<span>{t('clinic.request.reason')}</span>
				<textarea
					data-testid="request-reason"
					value={reason}
					onChange={(e) => setReason(e.target.value)}
					rows={4}
					maxLength={CLINICAL_TEXT_MAX_LENGTH}
					required
					aria-describedby={`${id}-reason-hint`}
				/>
				<small id={`${id}-reason-hint`} className="hint">
					{t('clinic.request.reasonHint')}
				</small>
			</label>
			<label className="field">
				<span>{t('clinic.request.specialty')}</span>
				<select data-testid="request-specialty" value={specialty} onChange={(e) => setSpecialty(specialtySchema.parse(e.target.value))}>
					{SPECIALTIES.map((s) => (
						<option key={s} value={s}>
							{t(`specialties.${s}`)}
						</option>
					))}
				</select>
			</label>
			<fieldset className="choice-group" data-testid="request-urgency">
				<legend>{t('clinic.request.urgency')}</legend>
				{[...URGENCIES].reverse().map((u) => (
					<label key={u} className={`choice urgency-choice urgency-${u}`}>
						<input type="radio" name={`${id}-urgency`} value={u} checked={urgency === u} onChange={() => setUrgency(urgencySchema.parse(u))} />
						{t(`urgencies.${u}`)}
					</label>
				))}
			</fieldset>
			<button type="submit" data-testid="request-submit" disabled={busy || !patientId}>
				{busy ? t('clinic.request.busy') : t('clinic.request.submit')}
			</button>
			{sent && (
				<p className="notice" role="status" data-testid="request-sent">
					{t('clinic.request.sent', { code: sent.code, specialty: t(`specialties.${sent.specialty}`) })}
				</p>
			)}
			<ErrorBanner error={error} onDismiss={() => setError(undefined)} />
		</form>
	);
}
