import { VITAL_CODES, VITAL_KINDS, type EarlierObservation, type VitalCode } from '@consultdesk/protocol';
import { displayReading } from '@consultdesk/vitals';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { alertFor, DEFAULT_THRESHOLDS, type AlertThresholds } from '../consultation/vitals-alerts.js';
import type { DeviceVitals, VitalsHistory } from '../consultation/vitals-history.js';
import { useEmitterState } from '../screens/use-emitter-state.js';
import { VitalsTrend } from './VitalsTrend.js';

/** How many of the recent observations the table lists; the trend shows them all. */
const TABLE_ROWS = 8;

/** Each device's latest values as large numbers with units and time, its trend and its recent observations. */
export function VitalsPanel({
	history,
	title,
	thresholds = DEFAULT_THRESHOLDS,
	earlier = NONE,
}: {
	history: VitalsHistory;
	title: string;
	thresholds?: AlertThresholds;
	/** The patient's readings from earlier consultations, drawn on the trend of the same kind of device. */
	earlier?: readonly EarlierObservation[];
}) {
	const { t } = useTranslation();
	return (
		<section className="vitals" aria-label={title}>
			<h2>{title}</h2>
			{history.devices.length === 0 && <p className="muted">{t('vitals.noReadings')}</p>}
			{history.devices.map((device) => (
				<DeviceVitalsView key={device.deviceId} device={device} thresholds={thresholds} earlier={earlier} />
			))}
		</section>
	);
}

const NONE: readonly EarlierObservation[] = [];

/**
 * A VitalsPanel that follows the history an emitter holds by itself, so the
 * screen around it (video, audio, controls) does not render again for each
 * reading.
 */
export function LiveVitalsPanel<E>({
	emitter,
	event,
	read,
	...panel
}: {
	emitter: { on(event: E, listener: () => void): unknown; off(event: E, listener: () => void): unknown };
	event: E;
	read: () => VitalsHistory;
	title: string;
	thresholds?: AlertThresholds;
	earlier?: readonly EarlierObservation[];
}) {
	const history = useEmitterState(emitter, event, read);
	return <VitalsPanel history={history} {...panel} />;
}

/** The codes a device has reported, in the registry's order. */
function codesOf(device: DeviceVitals): VitalCode[] {
	const seen = new Set(device.recent.flatMap((o) => o.readings.map((r) => r.code)));
	return VITAL_CODES.filter((c) => seen.has(c));
}

/** Memoised: a reading of one device renders that device's view only (the others keep their DeviceVitals object). */
const DeviceVitalsView = memo(function DeviceVitalsView({ device, thresholds, earlier }: { device: DeviceVitals; thresholds: AlertThresholds; earlier: readonly EarlierObservation[] }) {
	const { t } = useTranslation();
	const latest = device.latest;
	const codes = codesOf(device);
	const before = useMemo(() => earlier.filter((o) => o.deviceKind === device.deviceKind), [earlier, device.deviceKind]);
	const trend = useMemo(() => [...before, ...device.recent], [before, device.recent]);
	return (
		<div
			className="device-vitals"
			data-testid="device-vitals"
			data-device-kind={device.deviceKind}
			data-device-id={device.deviceId}
			data-missed={device.missed}
			data-oldest-seq={device.recent.at(-1)?.seq}
		>
			<h3>{t(`vitals.devices.${device.deviceKind}`)}</h3>
			{latest && (
				<div className="vitals-latest" data-testid="vitals-latest" data-seq={latest.seq} data-measured-at={latest.measuredAt}>
					{latest.readings.map((reading) => {
						const shown = displayReading(reading);
						const alert = alertFor(reading, thresholds);
						return (
							<div key={reading.code} className={alert ? 'vital alert' : 'vital'} data-code={reading.code} data-alert={alert}>
								<span className="vital-label">{t(`vitals.labels.${reading.code}`)}</span>
								<span className="vital-value">{shown.value}</span>
								<span className="vital-unit" data-ucum={shown.unit}>
									{t(`vitals.units.${reading.unit}`)}
								</span>
								{alert && <span className="vital-alert">{t(`vitals.alert.${alert}`)}</span>}
							</div>
						);
					})}
					<p className="vital-time">{t('vitals.measured', { at: new Date(latest.measuredAt) })}</p>
				</div>
			)}
			{device.missed > 0 && <p className="warning">{t('vitals.missed', { count: device.missed })}</p>}
			{before.length > 0 && <p className="muted" data-testid="earlier-readings">{t('vitals.earlier', { count: before.length })}</p>}
			<VitalsTrend recent={trend} codes={codes} />
			<table className="vitals-recent" data-testid="vitals-recent">
				<thead>
					<tr>
						<th>{t('vitals.sequence')}</th>
						<th>{t('vitals.timeColumn')}</th>
						{codes.map((code) => (
							<th key={code}>{t('vitals.column', { label: t(`vitals.labels.${code}`), unit: t(`vitals.units.${displayUnit(code)}`) })}</th>
						))}
					</tr>
				</thead>
				<tbody>
					{device.recent.slice(0, TABLE_ROWS).map((o) => (
						<tr key={o.seq} data-seq={o.seq}>
							<td>{o.seq}</td>
							<td>{t('vitals.time', { at: new Date(o.measuredAt) })}</td>
							{codes.map((code) => {
								const reading = o.readings.find((r) => r.code === code);
								return <td key={code}>{reading ? displayReading(reading).value : t('vitals.noReading')}</td>;
							})}
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
});

function displayUnit(code: VitalCode): VitalUnit {
	return VITAL_KINDS[code].unit;
}

type VitalUnit = (typeof VITAL_KINDS)[VitalCode]['unit'];
