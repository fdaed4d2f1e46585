import type { ConsultationState, Urgency } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';

/** Urgency as a coloured badge; an emergency is meant to stand out from across the room. */
export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
	const { t } = useTranslation();
	return (
		<span className={`badge urgency-${urgency}`} data-testid="urgency" data-urgency={urgency}>
			{t(`urgencies.${urgency}`)}
		</span>
	);
}

export function StateBadge({ state }: { state: ConsultationState }) {
	const { t } = useTranslation();
	return (
		<span className={`badge state-${state}`} data-testid="state" data-state={state}>
			{t(`states.${state}`)}
		</span>
	);
}
