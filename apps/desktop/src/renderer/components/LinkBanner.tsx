import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationClient, LinkStatus } from '../consultation/consultation-client.js';
import { useEmitterState } from '../screens/use-emitter-state.js';

/** How long "Connection restored" stays after the link came back. */
const RESTORED_NOTICE_MS = 5000;

/** 0:42, 12:05, 1:02:05: how long the link has been down. */
export function formatElapsed(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The time, every second while `active` (a counting banner), not otherwise. */
function useSecondTicks(active: boolean): number {
	const [now, setNow] = useState(Date.now);
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, [active]);
	return now;
}

/**
 * Says plainly when the link is down and for how long — this terminal's own,
 * or the clinic's / expert's — and briefly when it is back. The rest of the
 * screen stays as it was: a frozen picture with this banner, never a silent one.
 */
export function LinkBanner({ client }: { client: ConsultationClient }) {
	const { t } = useTranslation();
	const link: LinkStatus = useEmitterState(client, 'link', () => client.link);
	const now = useSecondTicks(link.state !== 'ok' || link.restoredAt !== undefined);
	if (link.state === 'ok') {
		if (link.restoredAt === undefined || now - link.restoredAt > RESTORED_NOTICE_MS) return null;
		return (
			<div className="page-notice link-banner" role="status" data-testid="link-banner" data-state="restored">
				{t('consultation.link.restored')}
			</div>
		);
	}
	const elapsed = formatElapsed(now - link.since);
	const message =
		link.state === 'local-lost'
			? t('consultation.link.localLost', { elapsed })
			: link.peers.some((p) => p.role === 'clinic')
				? t('consultation.link.clinicLost', { elapsed })
				: t('consultation.link.expertLost', { elapsed });
	return (
		<div className="page-notice warning-notice link-banner" role="alert" data-testid="link-banner" data-state={link.state}>
			<strong>{message}</strong>
			<span>{t('consultation.link.keepsGoing')}</span>
		</div>
	);
}
