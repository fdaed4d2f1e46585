import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceRequest } from '../../shared/device-requests.js';
import { getBridge } from '../platform/bridge.js';

type OpenRequest = Exclude<DeviceRequest, { kind: 'ended' }>;

/**
 * Chromium found Bluetooth or serial devices (a pulse oximeter, a cuff, a
 * spirometer) or one wants to pair: the doctor chooses, never "the first one
 * found". Lives above every screen, since a device is asked for mid-task.
 */
export function DeviceChooserDialog() {
	const { t } = useTranslation();
	const [request, setRequest] = useState<OpenRequest>();
	const [pin, setPin] = useState('');

	useEffect(
		() =>
			getBridge().onDeviceRequest((incoming) => {
				if (incoming.kind === 'ended') setRequest((open) => (open?.requestId === incoming.requestId ? undefined : open));
				else setRequest(incoming);
			}),
		[],
	);

	if (!request) return null;
	const answer = (reply: { deviceId?: string | null; confirmed?: boolean; pin?: string }) => {
		void getBridge().answerDeviceRequest({ requestId: request.requestId, ...reply });
		setRequest(undefined);
		setPin('');
	};

	if (request.kind === 'pairing') {
		const submit = (event: FormEvent) => {
			event.preventDefault();
			answer({ confirmed: true, ...(request.pairingKind === 'providePin' ? { pin } : {}) });
		};
		return (
			<div className="dialog-backdrop">
				<form className="dialog card" role="dialog" aria-modal="true" aria-labelledby="pairing-title" data-testid="device-pairing" onSubmit={submit}>
					<h2 id="pairing-title">{t('devices.pairTitle', { name: request.deviceName })}</h2>
					{request.pairingKind === 'confirm' && <p>{t('devices.pairConfirm')}</p>}
					{request.pairingKind === 'confirmPin' && <p>{t('devices.pairConfirmPin', { pin: request.pin ?? '' })}</p>}
					{request.pairingKind === 'providePin' && (
						<label className="field">
							<span>{t('devices.pairProvidePin')}</span>
							<input data-testid="device-pin" inputMode="numeric" pattern="[0-9]{1,16}" value={pin} onChange={(e) => setPin(e.target.value)} required autoFocus />
						</label>
					)}
					<div className="dialog-actions">
						<button type="submit" data-testid="device-pair">
							{t('devices.pair')}
						</button>
						<button type="button" className="secondary" onClick={() => answer({ confirmed: false })}>
							{t('common.cancel')}
						</button>
					</div>
				</form>
			</div>
		);
	}

	return (
		<div className="dialog-backdrop">
			<div className="dialog card" role="dialog" aria-modal="true" aria-labelledby="device-title" data-testid="device-chooser" data-kind={request.kind}>
				<h2 id="device-title">{t(request.kind === 'bluetooth' ? 'devices.chooseBluetooth' : 'devices.chooseSerial')}</h2>
				{request.devices.length === 0 ? (
					<p className="muted" role="status">
						{t('devices.searching')}
					</p>
				) : (
					<ul className="device-list">
						{request.devices.map((device) => (
							<li key={device.id}>
								<span>{device.name || t('devices.unnamed', { id: device.id })}</span>
								<button type="button" data-testid="device-choose" data-device={device.id} onClick={() => answer({ deviceId: device.id })}>
									{t('devices.connect')}
								</button>
							</li>
						))}
					</ul>
				)}
				<div className="dialog-actions">
					<button type="button" className="secondary" data-testid="device-cancel" onClick={() => answer({ deviceId: null })}>
						{t('common.cancel')}
					</button>
				</div>
			</div>
		</div>
	);
}
