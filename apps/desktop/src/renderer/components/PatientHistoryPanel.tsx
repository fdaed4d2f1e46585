import type { PatientHistory } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';
import type { RemoteRecord } from '../records/remote-record.js';
import { useEmitterState } from '../screens/use-emitter-state.js';
import { ErrorBanner } from './ErrorBanner.js';
import { HistoryTable } from './HistoryTable.js';
import { patientLabel } from './patient-label.js';

/** One patient across all their consultations: state, dates, expert and summary of each. */
export function PatientHistoryPanel({ record, patientName, onClose }: { record: RemoteRecord<PatientHistory>; patientName: string | undefined; onClose: () => void }) {
	const { t } = useTranslation();
	const { value, loading, error } = useEmitterState(record, 'change', () => record.snapshot);
	return (
		<section className="card" aria-labelledby="patient-history-title" data-testid="patient-history">
			<div className="section-head">
				<h2 id="patient-history-title">{value ? t('clinic.patientHistory.title', { reference: value.patient.reference }) : t('common.loading')}</h2>
				<button type="button" className="secondary" onClick={onClose}>
					{t('common.close')}
				</button>
			</div>
			{value && <p className="muted">{patientLabel(value.patient, patientName, t)}</p>}
			<ErrorBanner error={error} />
			{loading && !value && <p className="muted">{t('common.loading')}</p>}
			{value &&
				(value.consultations.length === 0 ? (
					<p className="muted">{t('clinic.patientHistory.empty')}</p>
				) : (
					<HistoryTable consultations={value.consultations} testId="patient-history-table" />
				))}
		</section>
	);
}
