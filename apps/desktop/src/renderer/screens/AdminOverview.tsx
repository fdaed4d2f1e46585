import type { Account } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsultationCard } from '../components/ConsultationCard.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { ExpertPicker } from '../components/ExpertPicker.js';
import { HistorySection } from '../components/HistorySection.js';
import { ListStatus } from '../components/ListStatus.js';
import type { ExpertDirectory } from '../records/expert-directory.js';
import { RemoteRecord } from '../records/remote-record.js';
import type { HomeProps } from './home-props.js';
import { useEmitterState } from './use-emitter-state.js';
import { useNow } from './use-now.js';

/**
 * The admin's overview: every open consultation (assign a waiting one to an
 * expert, observe one in progress), the experts' presence, and the accounts.
 */
export function AdminOverview({ workspace, experts, onJoin, joining }: HomeProps & { experts: ExpertDirectory }) {
	const { t } = useTranslation();
	const now = useNow();
	const open = useEmitterState(workspace.open, 'change', () => workspace.open.snapshot);
	const directory = useEmitterState(experts, 'change', () => experts.snapshot);
	const [accounts] = useState(() => new RemoteRecord(() => workspace.session.authorized((token) => workspace.api.accounts(token))));
	const accountList = useEmitterState(accounts, 'change', () => accounts.snapshot);
	const [assignTo, setAssignTo] = useState<Record<string, string>>({});
	const [confirmDisable, setConfirmDisable] = useState<string>();
	const [actionError, setActionError] = useState<unknown>();

	useEffect(() => void accounts.load(), [accounts]);

	const run = async (action: () => Promise<unknown>) => {
		setActionError(undefined);
		try {
			await action();
		} catch (error) {
			setActionError(error);
		}
	};

	const assign = (consultationId: string) =>
		run(async () => {
			const expert = assignTo[consultationId];
			if (!expert) return;
			await workspace.actions.assign(consultationId, expert);
			setAssignTo(({ [consultationId]: _, ...rest }) => rest);
		});

	const disable = (account: Account) =>
		run(async () => {
			setConfirmDisable(undefined);
			await workspace.connection.request('account:disable', { accountId: account.accountId });
			await accounts.load();
		});

	const ordered = [...open.consultations].reverse();
	return (
		<main className="home admin-home" data-testid="admin-home">
			<ErrorBanner error={actionError} onDismiss={() => setActionError(undefined)} />
			<div className="home-grid">
				<section className="card" aria-labelledby="all-open-title" data-testid="all-open">
					<h2 id="all-open-title">{t('admin.open.title')}</h2>
					<ListStatus savedAt={open.savedAt} loading={open.loading} error={open.error} empty={open.consultations.length === 0} />
					{ordered.length === 0 ? (
						<p className="muted">{t('admin.open.empty')}</p>
					) : (
						<ul className="cards">
							{ordered.map((c) => (
								<ConsultationCard key={c.consultationId} consultation={c} now={now} showClinic>
									{c.state === 'requested' && (
										<form className="inline-form" onSubmit={(e) => (e.preventDefault(), void assign(c.consultationId))}>
											<ExpertPicker
												label={t('admin.open.assignTo')}
												experts={directory.experts.filter((e) => e.specialties.includes(c.specialty))}
												value={assignTo[c.consultationId] ?? ''}
												onChange={(id) => setAssignTo((s) => ({ ...s, [c.consultationId]: id }))}
												testId="assign-expert"
											/>
											<button type="submit" className="secondary" data-testid="assign" disabled={!assignTo[c.consultationId]}>
												{t('admin.open.assign')}
											</button>
										</form>
									)}
									{(c.state === 'accepted' || c.state === 'live') && (
										<button type="button" className="secondary" data-testid="observe" disabled={joining !== undefined} onClick={() => onJoin(c)}>
											{joining === c.consultationId ? t('consultations.joining') : t('admin.open.observe')}
										</button>
									)}
								</ConsultationCard>
							))}
						</ul>
					)}
				</section>

				<section className="card" aria-labelledby="experts-title" data-testid="experts">
					<h2 id="experts-title">{t('admin.experts.title')}</h2>
					<ErrorBanner error={directory.error} />
					{directory.experts.length === 0 ? (
						<p className="muted">{directory.loading ? t('common.loading') : t('admin.experts.empty')}</p>
					) : (
						<table className="records">
							<thead>
								<tr>
									<th scope="col">{t('admin.experts.name')}</th>
									<th scope="col">{t('admin.experts.specialties')}</th>
									<th scope="col">{t('admin.experts.presence')}</th>
								</tr>
							</thead>
							<tbody>
								{directory.experts.map((e) => (
									<tr key={e.accountId} data-expert={e.accountId}>
										<td>{e.displayName}</td>
										<td>{t('common.names', { names: e.specialties.map((s) => t(`specialties.${s}`)) })}</td>
										<td>
											<span className={`presence presence-${e.presence}`} data-presence={e.presence}>
												<span className="presence-dot" aria-hidden="true" />
												{t(`presence.${e.presence}`)}
											</span>
										</td>
									</tr>
								))}
							</tbody>
						</table>
					)}
				</section>
			</div>

			<HistorySection history={workspace.history} title={t('admin.history.title')} table={{ showClinic: true }} />

			<section className="card" aria-labelledby="accounts-title" data-testid="accounts">
				<div className="section-head">
					<h2 id="accounts-title">{t('admin.accounts.title')}</h2>
					<button type="button" className="secondary" onClick={() => void accounts.load()}>
						{t('common.refresh')}
					</button>
				</div>
				<ErrorBanner error={accountList.error} />
				{accountList.value === undefined ? (
					<p className="muted">{t('common.loading')}</p>
				) : (
					<div className="table-scroll">
						<table className="records">
							<thead>
								<tr>
									<th scope="col">{t('admin.accounts.username')}</th>
									<th scope="col">{t('admin.accounts.name')}</th>
									<th scope="col">{t('admin.accounts.role')}</th>
									<th scope="col">{t('admin.accounts.clinic')}</th>
									<th scope="col">{t('admin.accounts.status')}</th>
									<th scope="col">
										<span className="visually-hidden">{t('admin.accounts.disable')}</span>
									</th>
								</tr>
							</thead>
							<tbody>
								{accountList.value.map((a) => {
									const self = a.accountId === workspace.account.accountId;
									return (
										<tr key={a.accountId} data-account={a.username}>
											<td>
												<span className="code">{a.username}</span>
											</td>
											<td>
												{a.displayName}
												{self && <span className="muted"> {t('admin.accounts.you')}</span>}
											</td>
											<td>{t(`roles.${a.role}`)}</td>
											<td>{a.clinic?.name ?? t('common.none')}</td>
											<td>
												<span className={a.disabled ? 'badge state-cancelled' : 'badge state-live'}>{a.disabled ? t('admin.accounts.disabled') : t('admin.accounts.active')}</span>
											</td>
											<td className="actions">
												{!a.disabled &&
													!self &&
													(confirmDisable === a.accountId ? (
														<span className="confirm">
															<span>{t('admin.accounts.confirmDisable', { name: a.displayName })}</span>
															<button type="button" className="danger" data-testid="confirm-disable" onClick={() => void disable(a)}>
																{t('admin.accounts.confirmYes')}
															</button>
															<button type="button" className="secondary" onClick={() => setConfirmDisable(undefined)}>
																{t('common.cancel')}
															</button>
														</span>
													) : (
														<button type="button" className="secondary" data-testid="disable" onClick={() => setConfirmDisable(a.accountId)}>
															{t('admin.accounts.disable')}
														</button>
													))}
											</td>
										</tr>
									);
								})}
							</tbody>
						</table>
					</div>
				)}
			</section>
		</main>
	);
}
