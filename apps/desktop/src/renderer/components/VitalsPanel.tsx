import { displayReading } from '@consultdesk/vitals';
import { useTranslation } from 'react-i18next';
import type { VitalsHistory } from '../consultation/vitals-history.js';
import { VitalsTrend } from './VitalsTrend.js';

/** How many of the recent readings the table lists; the trend shows them all. */
const TABLE_ROWS = 8;

/** Latest vitals as large numbers with units, and the recent readings below. */
export function VitalsPanel({ history, title }: { history: VitalsHistory; title: string }) {
	const { t } = useTranslation();
	const latest = history.latest;
	return (
		<section className="vitals" aria-label={title}>
			<h2>{title}</h2>
			{latest ? (
				<div className="vitals-latest" data-testid="vitals-latest" data-seq={latest.seq}>
					{latest.readings.map(displayReading).map((r) => (
						<div key={r.code} className="vital" data-code={r.code}>
							<span className="vital-label">{t(`vitals.labels.${r.code}`)}</span>
							<span className="vital-value">{r.value}</span>
							<span className="vital-unit">{r.unit}</span>
						</div>
					))}
					<p className="vital-time">{t('vitals.measured', { at: new Date(latest.measuredAt) })}</p>
				</div>
			) : (
				<p className="muted">{t('vitals.noReadings')}</p>
			)}
			{history.missed > 0 && <p className="warning">{t('vitals.missed', { count: history.missed })}</p>}
			<VitalsTrend recent={history.recent} />
			<table className="vitals-recent" data-testid="vitals-recent">
				<thead>
					<tr>
						<th>{t('vitals.sequence')}</th>
						<th>{t('vitals.timeColumn')}</th>
						<th>{t('vitals.spo2Column')}</th>
						<th>{t('vitals.pulseColumn')}</th>
					</tr>
				</thead>
				<tbody>
					{history.recent.slice(0, TABLE_ROWS).map((m) => (
						<tr key={m.seq} data-seq={m.seq}>
							<td>{m.seq}</td>
							<td>{t('vitals.time', { at: new Date(m.measuredAt) })}</td>
							<td>{m.readings.find((r) => r.code === 'spo2')?.value ?? t('common.none')}</td>
							<td>{m.readings.find((r) => r.code === 'pulse-rate')?.value ?? t('common.none')}</td>
						</tr>
					))}
				</tbody>
			</table>
		</section>
	);
}
