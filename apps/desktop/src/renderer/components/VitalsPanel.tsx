import { displayReading } from '@consultdesk/vitals';
import type { VitalsHistory } from '../consultation/vitals-history.js';
import { VitalsTrend } from './VitalsTrend.js';

/** How many of the recent readings the table lists; the trend shows them all. */
const TABLE_ROWS = 8;

function time(ms: number): string {
	return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Latest vitals as large numbers with units, and the recent readings below. */
export function VitalsPanel({ history, title }: { history: VitalsHistory; title: string }) {
	const latest = history.latest;
	return (
		<section className="vitals" aria-label={title}>
			<h2>{title}</h2>
			{latest ? (
				<div className="vitals-latest" data-testid="vitals-latest" data-seq={latest.seq}>
					{latest.readings.map(displayReading).map((r) => (
						<div key={r.code} className="vital" data-code={r.code}>
							<span className="vital-label">{r.label}</span>
							<span className="vital-value">{r.value}</span>
							<span className="vital-unit">{r.unit}</span>
						</div>
					))}
					<p className="vital-time">measured {time(latest.measuredAt)}</p>
				</div>
			) : (
				<p className="muted">No readings yet.</p>
			)}
			{history.missed > 0 && <p className="warning">{history.missed} reading(s) did not arrive.</p>}
			<VitalsTrend recent={history.recent} />
			<table className="vitals-recent" data-testid="vitals-recent">
				<thead>
					<tr>
						<th>#</th>
						<th>Time</th>
						<th>SpO₂ (%)</th>
						<th>Pulse (/min)</th>
					</tr>
				</thead>
				<tbody>
					{history.recent.slice(0, TABLE_ROWS).map((m) => (
						<tr key={m.seq} data-seq={m.seq}>
							<td>{m.seq}</td>
							<td>{time(m.measuredAt)}</td>
							<td>{m.readings.find((r) => r.code === 'spo2')?.value ?? '–'}</td>
							<td>{m.readings.find((r) => r.code === 'pulse-rate')?.value ?? '–'}</td>
						</tr>
					))}
				</tbody>
			</table>
		</section>
	);
}
