import type { Consultation } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';
import { StateBadge, UrgencyBadge } from './ConsultationBadges.js';

export interface HistoryTableProps {
	consultations: readonly Consultation[];
	/** Names this clinic keeps for its patients, shown next to the reference (clinic terminals only). */
	patientNames?: ReadonlyMap<string, string>;
	/** Shows which clinic asked: for experts and admins, who see many clinics. */
	showClinic?: boolean;
	/** Makes the patient a button that opens that patient's history. */
	onShowPatient?: (patientId: string) => void;
	/** While the first answer is awaited an empty list says nothing yet. */
	loading?: boolean;
	testId: string;
}

/** Consultations as a table: when, who, what about, what came of it. */
export function HistoryTable({ consultations, patientNames, showClinic, onShowPatient, loading, testId }: HistoryTableProps) {
	const { t } = useTranslation();
	if (consultations.length === 0) return loading ? null : <p className="muted">{t('consultations.historyEmpty')}</p>;
	return (
		<div className="table-scroll">
			<table className="records" data-testid={testId}>
				<thead>
					<tr>
						<th scope="col">{t('consultations.requested')}</th>
						<th scope="col">{t('consultations.code')}</th>
						{showClinic && <th scope="col">{t('consultations.clinic')}</th>}
						<th scope="col">{t('consultations.patient')}</th>
						<th scope="col">{t('consultations.specialty')}</th>
						<th scope="col">{t('consultations.urgency')}</th>
						<th scope="col">{t('consultations.state')}</th>
						<th scope="col">{t('consultations.experts')}</th>
						<th scope="col">{t('consultations.ended')}</th>
						<th scope="col" className="summary-column">{t('consultations.summary')}</th>
					</tr>
				</thead>
				<tbody>
					{consultations.map((c) => {
						const name = patientNames?.get(c.patient.patientId);
						const patient = name ? `${c.patient.reference} · ${name}` : c.patient.reference;
						return (
							<tr key={c.consultationId} data-consultation={c.consultationId} data-code={c.code}>
								<td className="nowrap">{t('common.dateTime', { at: new Date(c.requestedAt) })}</td>
								<td>
									<span className="code">{c.code}</span>
								</td>
								{showClinic && <td>{c.clinic.name}</td>}
								<td className="nowrap">
									{onShowPatient ? (
										<button type="button" className="link" onClick={() => onShowPatient(c.patient.patientId)}>
											{patient}
										</button>
									) : (
										patient
									)}
								</td>
								<td>{t(`specialties.${c.specialty}`)}</td>
								<td>
									<UrgencyBadge urgency={c.urgency} />
								</td>
								<td>
									<StateBadge state={c.state} />
								</td>
								<td className="nowrap">{c.experts.length > 0 ? t('common.names', { names: c.experts.map((e) => e.displayName) }) : t('common.none')}</td>
								<td className="nowrap">{c.endedAt ? t('common.dateTime', { at: new Date(c.endedAt) }) : t('common.none')}</td>
								<td className="summary-column">{c.summary ?? t('common.none')}</td>
							</tr>
						);
					})}
				</tbody>
			</table>
		</div>
	);
}
