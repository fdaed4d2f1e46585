import type { Consultation, PeerInfo } from '@consultdesk/protocol';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The consultation screen's top line: which consultation and patient, who is in it, and the way out. */
export function ConsultationHeader(props: { title: string; code: string; consultation: Consultation; peers: PeerInfo[]; onLeave: () => void; children?: ReactNode }) {
	const { t } = useTranslation();
	return (
		<header className="consultation-header">
			<h1>{props.title}</h1>
			<span className="code" data-testid="joined-code">
				{t('consultation.code', { code: props.code })}
			</span>
			<span className="patient-ref" data-testid="joined-patient">
				{t('consultations.patientRef', { reference: props.consultation.patient.reference })} · {t(`specialties.${props.consultation.specialty}`)}
			</span>
			<span className="peers" data-testid="peers" aria-label={t('consultation.participants')}>
				{props.peers.length === 0
					? t('consultation.waitingForOthers')
					: props.peers
							.map((p) =>
								p.connection === 'reconnecting'
									? t('consultation.peerReconnecting', { name: p.displayName, seat: t(`seats.${p.role}`) })
									: t('consultation.peer', { name: p.displayName, seat: t(`seats.${p.role}`) }),
							)
							.join(', ')}
			</span>
			{props.children}
			<button type="button" className="secondary" onClick={props.onLeave} data-testid="leave">
				{t('consultation.leave')}
			</button>
		</header>
	);
}
