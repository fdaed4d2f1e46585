import { SIMULATED_PROFILES, type SimulatedDeviceKind } from '@consultdesk/vitals';
import { useTranslation } from 'react-i18next';
import type { BluetoothVitals } from '../consultation/bluetooth-vitals.js';
import type { ClinicVitals, SimulatedPace } from '../consultation/clinic-vitals.js';
import type { ObservationOutbox } from '../records/observation-outbox.js';
import { useEmitterState } from '../screens/use-emitter-state.js';
import { BluetoothDevicesPanel } from './BluetoothDevicesPanel.js';
import { ErrorBanner } from './ErrorBanner.js';
import { OutboxBacklogNotice } from './OutboxBacklogNotice.js';

const SIMULATED_KINDS = Object.keys(SIMULATED_PROFILES) as SimulatedDeviceKind[];

/**
 * The clinic's devices at a glance, in the consultation and on the home
 * screen after a drop: what each has measured, the pace of the simulated
 * devices, a way to stop them, the Bluetooth devices, and what is still
 * waiting to send.
 */
export function ClinicVitalsStatus({ vitals, outbox, bluetooth }: { vitals: ClinicVitals; outbox: ObservationOutbox | undefined; bluetooth?: BluetoothVitals | undefined }) {
	const { t } = useTranslation();
	const { consultationId, pace, simulatedKinds, vitals: history, error } = useEmitterState(vitals, 'change', () => vitals.snapshot);
	return (
		<div className="clinic-vitals-status" data-testid="clinic-vitals" data-consultation={consultationId ?? ''}>
			<ErrorBanner error={error} onDismiss={() => vitals.dismissError()} />
			{consultationId !== undefined && (
				<>
					<ul className="measuring-devices">
						{history.devices.map((device) => (
							<li key={device.deviceId} data-testid="measuring-device" data-device-id={device.deviceId} data-emitted={(device.latest?.seq ?? -1) + 1}>
								{t('vitals.measuring', { device: t(`vitals.devices.${device.deviceKind}`), count: (device.latest?.seq ?? -1) + 1 })}
							</li>
						))}
					</ul>
					<label>
						{t('vitals.simulated.pace')}
						<select data-testid="simulated-pace" value={pace} onChange={(e) => vitals.setPace(e.target.value as SimulatedPace)}>
							<option value="real-time">{t('vitals.simulated.realTime')}</option>
							<option value="fast">{t('vitals.simulated.fast')}</option>
							<option value="stopped">{t('vitals.simulated.stopped')}</option>
						</select>
					</label>
					<fieldset className="simulated-kinds" data-testid="simulated-kinds">
						<legend>{t('vitals.simulated.kinds')}</legend>
						{SIMULATED_KINDS.map((kind) => (
							<label key={kind}>
								<input
									type="checkbox"
									data-testid={`simulate-${kind}`}
									checked={simulatedKinds.includes(kind)}
									onChange={(e) => vitals.setSimulatedKinds(e.target.checked ? [...simulatedKinds, kind] : simulatedKinds.filter((k) => k !== kind))}
								/>
								{t(`vitals.devices.${kind}`)}
							</label>
						))}
					</fieldset>
				</>
			)}
			{bluetooth && <BluetoothDevicesPanel bluetooth={bluetooth} />}
			{outbox && <OutboxBacklogNotice outbox={outbox} />}
		</div>
	);
}
