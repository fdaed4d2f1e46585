import { compareQueueOrder, presenceSchema, type Consultation, type Presence } from '@consultdesk/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsultationCard } from '../components/ConsultationCard.js';
import { EndConsultationForm } from '../components/EndConsultationForm.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { HistorySection } from '../components/HistorySection.js';
import { InviteExpertForm } from '../components/InviteExpertForm.js';
import { ListStatus } from '../components/ListStatus.js';
import type { ExpertDirectory } from '../records/expert-directory.js';
import type { HomeProps } from './home-props.js';
import { useEmitterState } from './use-emitter-state.js';
import { useNow } from './use-now.js';

/**
 * The expert's home: availability, the queue of waiting requests in their
 * specialties (most urgent first, then longest waiting), their own open
 * consultations, and their history.
 */
export function ExpertHome({ workspace, experts, onJoin, joining }: HomeProps & { experts: ExpertDirectory }) {
	const { t } = useTranslation();
	const now = useNow();
	const { accountId } = workspace.account;
	const open = useEmitterState(workspace.open, 'change', () => workspace.open.snapshot);
	const directory = useEmitterState(experts, 'change', () => experts.snapshot);
	const [accepting, setAccepting] = useState<string>();
	const [queueError, setQueueError] = useState<unknown>();
	const [presenceError, setPresenceError] = useState<unknown>();
	const [inviting, setInviting] = useState<string>();
	const [ending, setEnding] = useState<string>();

	const queue = open.consultations.filter((c) => c.state === 'requested').sort(compareQueueOrder);
	const mine = open.consultations.filter((c) => c.state !== 'requested' && c.experts.some((e) => e.accountId === accountId));
	const presence = directory.experts.find((e) => e.accountId === accountId)?.presence;
	const colleagues = directory.experts.filter((e) => e.accountId !== accountId);

	const accept = async (consultation: Consultation) => {
		setAccepting(consultation.consultationId);
		setQueueError(undefined);
		try {
			await workspace.actions.accept(consultation.consultationId);
		} catch (error) {
			setQueueError(error);
		} finally {
			setAccepting(undefined);
		}
	};

	// Experts are not told of each other's presence as it changes; it is asked for when picking a colleague.
	const openInvite = (consultationId: string) => {
		const opening = inviting !== consultationId;
		setInviting(opening ? consultationId : undefined);
		if (opening) void experts.refresh();
	};

	const setPresence = async (value: Presence) => {
		setPresenceError(undefined);
		try {
			await experts.setOwnPresence(accountId, value);
		} catch (error) {
			setPresenceError(error);
		}
	};

	return (
		<main className="home expert-home" data-testid="expert-home">
			<section className="card presence-card" aria-labelledby="presence-title">
				<h2 id="presence-title">{t('expert.presence.title')}</h2>
				<div className="segmented" role="radiogroup" aria-labelledby="presence-title" data-testid="presence">
					{presenceSchema.options.map((p) => (
						<label key={p} className={`segment presence-${p}`}>
							<input type="radio" name="presence" value={p} checked={presence === p} onChange={() => void setPresence(p)} data-testid={`presence-${p}`} />
							<span className="presence-dot" aria-hidden="true" />
							{t(`presence.${p}`)}
						</label>
					))}
				</div>
				<p className="hint">{t('expert.presence.hint')}</p>
				<ErrorBanner error={presenceError} onDismiss={() => setPresenceError(undefined)} />
			</section>

			<div className="home-grid">
				<section className="card" aria-labelledby="queue-title" data-testid="queue">
					<div className="section-head">
						<h2 id="queue-title">{t('expert.queue.title')}</h2>
						<span className="count" data-testid="queue-count">
							{t('expert.queue.count', { count: queue.length })}
						</span>
					</div>
					<ListStatus savedAt={open.savedAt} loading={open.loading} error={open.error} empty={open.consultations.length === 0} />
					<ErrorBanner error={queueError} onDismiss={() => setQueueError(undefined)} />
					{queue.length === 0 ? (
						<p className="muted">{t('expert.queue.empty')}</p>
					) : (
						<ul className="cards">
							{queue.map((c) => (
								<ConsultationCard key={c.consultationId} consultation={c} now={now} showClinic>
									<button type="button" data-testid="accept" disabled={accepting !== undefined || open.savedAt !== undefined} onClick={() => void accept(c)}>
										{accepting === c.consultationId ? t('expert.queue.accepting') : t('expert.queue.accept')}
									</button>
								</ConsultationCard>
							))}
						</ul>
					)}
				</section>

				<section className="card" aria-labelledby="mine-title" data-testid="mine">
					<h2 id="mine-title">{t('expert.mine.title')}</h2>
					{mine.length === 0 ? (
						<p className="muted">{t('expert.mine.empty')}</p>
					) : (
						<ul className="cards">
							{mine.map((c) => (
								<ConsultationCard key={c.consultationId} consultation={c} now={now} showClinic>
									<button type="button" data-testid="join" disabled={joining !== undefined} onClick={() => onJoin(c)}>
										{joining === c.consultationId ? t('consultations.joining') : t('consultations.join')}
									</button>
									<button type="button" className="secondary" aria-expanded={inviting === c.consultationId} onClick={() => openInvite(c.consultationId)}>
										{t('expert.mine.invite')}
									</button>
									<button type="button" className="secondary" data-testid="end" onClick={() => setEnding(c.consultationId)}>
										{t('expert.end.open')}
									</button>
									{inviting === c.consultationId && (
										<InviteExpertForm consultation={c} experts={colleagues} onInvite={(expertId) => workspace.actions.invite(c.consultationId, expertId)} />
									)}
									{ending === c.consultationId && (
										<EndConsultationForm code={c.code} onEnd={(summary) => workspace.actions.end(c.consultationId, summary)} onCancel={() => setEnding(undefined)} />
									)}
								</ConsultationCard>
							))}
						</ul>
					)}
				</section>
			</div>

			<HistorySection history={workspace.history} title={t('expert.history.title')} table={{ showClinic: true }} />
		</main>
	);
}
