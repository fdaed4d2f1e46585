import type { Consultation } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';

/** Where a consultation stands, in a sentence: "Waiting for an expert · 4 min", "Accepted by Dr Wang Li"… */
export function ConsultationProgress({ consultation, now }: { consultation: Consultation; now: number }) {
	const { t } = useTranslation();
	const names = consultation.experts.map((e) => e.displayName);
	let text: string;
	switch (consultation.state) {
		case 'requested':
			text = t('consultations.waitingFor', { waited: now - Date.parse(consultation.requestedAt) });
			break;
		case 'accepted':
			text = t('consultations.acceptedBy', { names });
			break;
		case 'live':
			text = t('consultations.liveWith', { names });
			break;
		default:
			text = t(`states.${consultation.state}`);
	}
	return (
		<span className={`progress state-${consultation.state}`} data-testid="progress" data-state={consultation.state}>
			{text}
		</span>
	);
}
