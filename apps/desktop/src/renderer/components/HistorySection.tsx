import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationHistory } from '../records/consultation-history.js';
import { useEmitterState } from '../screens/use-emitter-state.js';
import { HistoryTable, type HistoryTableProps } from './HistoryTable.js';
import { ListStatus } from './ListStatus.js';

/** A home's past consultations: title, Refresh, whether the list is saved or loading, and the table. */
export function HistorySection({ history, title, table }: { history: ConsultationHistory; title: ReactNode; table: Omit<HistoryTableProps, 'consultations' | 'loading' | 'testId'> }) {
	const { t } = useTranslation();
	const snapshot = useEmitterState(history, 'change', () => history.snapshot);
	return (
		<section className="card" aria-labelledby="history-title">
			<div className="section-head">
				<h2 id="history-title">{title}</h2>
				<button type="button" className="secondary" onClick={() => void history.refresh()}>
					{t('common.refresh')}
				</button>
			</div>
			<ListStatus savedAt={snapshot.savedAt} loading={snapshot.loading} error={snapshot.error} empty={snapshot.consultations.length === 0} />
			<HistoryTable {...table} consultations={snapshot.consultations} loading={snapshot.loading} testId="history" />
		</section>
	);
}
