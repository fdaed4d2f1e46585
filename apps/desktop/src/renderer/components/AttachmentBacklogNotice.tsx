import { useTranslation } from 'react-i18next';
import type { AttachmentOutbox } from '../records/attachment-outbox.js';
import { useEmitterState } from '../screens/use-emitter-state.js';

/** "2 photos waiting to send" on the clinic's home: the outbox keeps uploading after the doctor left the consultation. */
export function AttachmentBacklogNotice({ outbox }: { outbox: AttachmentOutbox }) {
	const { t } = useTranslation();
	const items = useEmitterState(outbox, 'change', () => outbox.items);
	const waiting = items.filter((i) => i.state === 'pending').length;
	const refused = items.length - waiting;
	if (items.length === 0) return null;
	return (
		<div className="outbox-backlog" role="status" data-testid="attachment-backlog" data-count={waiting} data-refused={refused}>
			{waiting > 0 && <p className="warning">{t('captures.waitingHome', { count: waiting })}</p>}
			{refused > 0 && <p className="warning">{t('captures.refusedHome', { count: refused })}</p>}
		</div>
	);
}
