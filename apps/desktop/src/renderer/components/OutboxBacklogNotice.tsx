import { useTranslation } from 'react-i18next';
import type { ObservationOutbox } from '../records/observation-outbox.js';
import { useEmitterState } from '../screens/use-emitter-state.js';

/** "12 readings waiting to send", so the clinic doctor knows nothing is lost while the link is down. */
export function OutboxBacklogNotice({ outbox }: { outbox: ObservationOutbox }) {
	const { t } = useTranslation();
	const backlog = useEmitterState(outbox, 'change', () => outbox.backlog);
	const refused = Object.values(backlog.failed).reduce((a, b) => a + b, 0);
	return (
		<div className="outbox-backlog" role="status" data-testid="outbox-backlog" data-count={backlog.pendingTotal} data-refused={refused}>
			<p className={backlog.pendingTotal > 0 ? 'warning' : 'muted'}>
				{backlog.pendingTotal > 0 ? t('vitals.outbox.waiting', { count: backlog.pendingTotal }) : t('vitals.outbox.allSent')}
			</p>
			{refused > 0 && <p className="warning">{t('vitals.outbox.refused', { count: refused })}</p>}
		</div>
	);
}
