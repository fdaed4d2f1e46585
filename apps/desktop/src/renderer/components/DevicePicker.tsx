import { useTranslation } from 'react-i18next';

export interface DevicePickerProps {
	label: string;
	testId: string;
	devices: MediaDeviceInfo[];
	value: string | undefined;
	onChange: (deviceId: string) => void;
	disabled?: boolean;
}

export function DevicePicker({ label, testId, devices, value, onChange, disabled }: DevicePickerProps) {
	const { t } = useTranslation();
	return (
		<label className="field">
			<span>{label}</span>
			<select data-testid={testId} value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
				{devices.map((d, i) => (
					<option key={d.deviceId} value={d.deviceId}>
						{d.label || t('media.device', { number: i + 1 })}
					</option>
				))}
			</select>
		</label>
	);
}
