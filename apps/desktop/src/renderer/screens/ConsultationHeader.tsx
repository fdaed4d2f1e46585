import type { Consultation, PeerInfo } from '@consultdesk/protocol';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.js';

/**
 * The consultation screen's top line: which consultation and patient, who is
 * in it, the app's language (a doctor may need another mid-consultation; the
 * home screen is out of reach then), and the way out.
 */
export function ConsultationHeader(props: { title: string; code: string; consultation: Consultation; peers: PeerInfo[]; onLeave: () => void; children?: ReactNode }) {
	const { t } = useTranslation();
	return (
		<header className="consultation-header">
			<div className="header-info">
				<h1>{props.title}</h1>
				<span className="code-pill" data-testid="joined-code">
					{/* Only the code in monospace: the word before it is in the language's own font (see .code-pill in styles.css). */}
					<Trans i18nKey="consultation.code" values={{ code: props.code }} components={{ code: <span className="code-text" /> }} />
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
			</div>
			<div className="header-actions">
				{props.children}
				<LanguageSwitch />
				<button type="button" className="secondary" onClick={props.onLeave} data-testid="leave">
					{t('consultation.leave')}
				</button>
			</div>
		</header>
	);
}
