import { BLUETOOTH_DEVICE_KINDS, displayReading, type BluetoothDeviceKind } from '@consultdesk/vitals';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BluetoothDeviceEntry, BluetoothVitals } from '../consultation/bluetooth-vitals.js';
import { useEmitterState } from '../screens/use-emitter-state.js';
import { ErrorBanner } from './ErrorBanner.js';

/**
 * The terminal's Bluetooth vitals devices: connect one of a chosen kind
 * through the browser's chooser, see each one's link (connected,
 * reconnecting, lost) and its last problem, connect again, forget. Where the
 * browser has no Web Bluetooth, the action is disabled with the reason; the
 * simulated devices still work. Memoised: the status around it renders for
 * every reading, this only when the devices change.
 */
export const BluetoothDevicesPanel = memo(function BluetoothDevicesPanel({ bluetooth }: { bluetooth: BluetoothVitals }) {
	const { t } = useTranslation();
	const { availability, reconnectsRemembered, devices } = useEmitterState(bluetooth, 'change', () => bluetooth.snapshot);
	const [kind, setKind] = useState<BluetoothDeviceKind>('pulse-oximeter');
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const usable = availability === 'available';

	const run = (action: () => Promise<unknown>) => {
		setBusy(true);
		setError(undefined);
		action()
			.catch(setError)
			.finally(() => setBusy(false));
	};

	return (
		<div className="bluetooth-devices" data-testid="bluetooth-devices" data-availability={availability}>
			<h3>{t('vitals.bluetooth.title')}</h3>
			<ErrorBanner error={error} onDismiss={() => setError(undefined)} />
			<div className="bluetooth-connect">
				<label>
					{t('vitals.bluetooth.kind')}
					<select data-testid="bluetooth-kind" value={kind} onChange={(e) => setKind(e.target.value as BluetoothDeviceKind)} disabled={!usable}>
						{BLUETOOTH_DEVICE_KINDS.map((k) => (
							<option key={k} value={k}>
								{t(`vitals.devices.${k}`)}
							</option>
						))}
					</select>
				</label>
				<button type="button" data-testid="bluetooth-connect" disabled={!usable || busy} onClick={() => run(() => bluetooth.choose(kind))}>
					{t('vitals.bluetooth.connect')}
				</button>
			</div>
			{availability === 'unsupported' && <p className="muted" data-testid="bluetooth-unavailable">{t('vitals.bluetooth.unsupported')}</p>}
			{availability === 'no-adapter' && <p className="muted" data-testid="bluetooth-unavailable">{t('vitals.bluetooth.noAdapter')}</p>}
			{usable && !reconnectsRemembered && devices.length > 0 && <p className="muted">{t('vitals.bluetooth.noAutoReconnect')}</p>}
			{devices.length > 0 && (
				<ul className="bluetooth-device-list">
					{devices.map((device) => (
						<BluetoothDeviceRow key={device.id} device={device} usable={usable} onConnect={() => run(() => bluetooth.reconnect(device.id))} onForget={() => run(() => bluetooth.forget(device.id))} />
					))}
				</ul>
			)}
		</div>
	);
});

function BluetoothDeviceRow({ device, usable, onConnect, onForget }: { device: BluetoothDeviceEntry; usable: boolean; onConnect: () => void; onForget: () => void }) {
	const { t } = useTranslation();
	const status = device.status;
	const state = status?.state ?? 'not-connected';
	const canConnect = usable && (state === 'lost' || state === 'not-connected');
	const cuff = status?.cuffPressure ? displayReading(status.cuffPressure) : undefined;
	return (
		<li data-testid="bluetooth-device" data-device-id={device.id} data-state={state} data-unreadable={status?.unreadable ?? ''} data-received={status?.received ?? 0}>
			<strong>{device.name || t('vitals.bluetooth.unnamed')}</strong> <span className="muted">{t(`vitals.devices.${device.kind}`)}</span>{' '}
			<span className={`link-state ${state}`} data-testid="bluetooth-state">
				{state === 'reconnecting' ? t('vitals.bluetooth.state.reconnecting', { attempt: status?.attempt ?? 1 }) : t(`vitals.bluetooth.state.${state}`)}
			</span>
			{status?.problem && <span className="warning"> {t(`vitals.bluetooth.problem.${status.problem}`)}</span>}
			{status?.unreadable && (
				<span className="warning" data-testid="bluetooth-unreadable" title={status.unreadable}>
					{' '}
					{t('vitals.bluetooth.unreadable')}
				</span>
			)}
			{status?.noReading && <span className="muted"> {t('vitals.bluetooth.noReading')}</span>}
			{cuff && <span className="muted"> {t('vitals.bluetooth.cuff', { value: cuff.value, unit: t(`vitals.units.${status!.cuffPressure!.unit}`) })}</span>}
			{status && status.received > 0 && <span className="muted"> {t('vitals.bluetooth.received', { count: status.received })}</span>}
			{canConnect && (
				<button type="button" className="secondary" data-testid="bluetooth-reconnect" onClick={onConnect}>
					{t('vitals.bluetooth.connectAgain')}
				</button>
			)}
			<button type="button" className="secondary" data-testid="bluetooth-forget" onClick={onForget}>
				{t('vitals.bluetooth.forget')}
			</button>
		</li>
	);
}
