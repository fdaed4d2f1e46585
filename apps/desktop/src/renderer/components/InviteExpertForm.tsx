import type { Consultation, ExpertSummary } from '@consultdesk/protocol';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './ErrorBanner.js';
import { ExpertPicker } from './ExpertPicker.js';

/** Brings a second expert into a consultation; experts already in it are not offered. */
export function InviteExpertForm({ consultation, experts, onInvite }: { consultation: Consultation; experts: readonly ExpertSummary[]; onInvite: (expertAccountId: string) => Promise<unknown> }) {
	const { t } = useTranslation();
	const [expert, setExpert] = useState('');
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const [invited, setInvited] = useState<string>();
	const candidates = experts.filter((e) => !consultation.experts.some((p) => p.accountId === e.accountId));

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		setBusy(true);
		setError(undefined);
		try {
			await onInvite(expert);
			setInvited(candidates.find((c) => c.accountId === expert)?.displayName);
			setExpert('');
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};

	if (candidates.length === 0) return <p className="muted">{t('expert.mine.noOtherExperts')}</p>;
	return (
		<form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="invite-form">
			<ExpertPicker label={t('expert.mine.inviteExpert')} experts={candidates} value={expert} onChange={setExpert} testId="invite-expert" />
			<button type="submit" className="secondary" disabled={busy || !expert}>
				{t('expert.mine.inviteSubmit')}
			</button>
			{invited && (
				<span className="notice-inline" role="status">
					{t('expert.mine.invited', { name: invited })}
				</span>
			)}
			<ErrorBanner error={error} />
		</form>
	);
}
