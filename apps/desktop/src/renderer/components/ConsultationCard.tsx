import type { Consultation } from '@consultdesk/protocol';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UrgencyBadge } from './ConsultationBadges.js';
import { ConsultationProgress } from './ConsultationProgress.js';

export interface ConsultationCardProps {
	consultation: Consultation;
	now: number;
	/** The clinic's own name for the patient, on the clinic's terminal only. */
	patientName?: string;
	/** Experts and admins see requests from many clinics. */
	showClinic?: boolean;
	children?: ReactNode;
}

/**
 * One open consultation: urgency, code, specialty, patient, where it stands
 * (the progress line says the state, so no state badge repeats it), the
 * reason, and what can be done.
 */
export function ConsultationCard({ consultation: c, now, patientName, showClinic, children }: ConsultationCardProps) {
	const { t } = useTranslation();
	return (
		<li className={`consultation-card urgency-${c.urgency}`} data-testid="consultation-card" data-consultation={c.consultationId} data-code={c.code} data-state={c.state}>
			<div className="card-title">
				<UrgencyBadge urgency={c.urgency} />
				<span className="code">{c.code}</span>
				<span className="specialty">{t(`specialties.${c.specialty}`)}</span>
			</div>
			<p className="card-line">
				<strong>{t('consultations.patientRef', { reference: c.patient.reference })}</strong>
				{patientName && <span className="patient-name"> · {patientName}</span>}
				{showClinic && <span className="muted"> · {c.clinic.name}</span>}
			</p>
			<p className="card-line">
				<ConsultationProgress consultation={c} now={now} />
			</p>
			<p className="card-line reason">
				<span className="label">{t('consultations.reason')}: </span>
				{c.reason}
			</p>
			<p className="card-line muted small">
				{t('consultations.requestedAt', { at: new Date(c.requestedAt) })} · {t('consultations.requestedBy', { name: c.requestedBy.displayName })}
				{c.state === 'requested' && c.expiresAt && <> · {t('consultations.expiresAt', { at: new Date(c.expiresAt) })}</>}
			</p>
			{children && <div className="card-actions">{children}</div>}
		</li>
	);
}
