import { useTranslation } from 'react-i18next';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { useEmitterState } from '../screens/use-emitter-state.js';

/**
 * The link as getStats sees it, in plain figures with units: the path (UDP,
 * or TCP when UDP is blocked), round trip, loss and the bit rates both ways.
 */
export function ConnectionQualityBar({ client }: { client: ConsultationClient }) {
	const { t, i18n } = useTranslation();
	const quality = useEmitterState(client, 'quality', () => client.quality);
	const whole = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 });
	const tenth = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
	const parts: string[] = [];
	if (quality?.path) parts.push(t(`consultation.quality.path.${quality.path}`));
	if (quality?.rttMs !== undefined) parts.push(t('consultation.quality.rtt', { value: whole.format(quality.rttMs) }));
	if (quality?.lossPercent !== undefined) parts.push(t('consultation.quality.loss', { value: tenth.format(quality.lossPercent) }));
	if (quality?.outKbps !== undefined && quality.inKbps !== undefined) {
		parts.push(t('consultation.quality.rates', { up: whole.format(quality.outKbps), down: whole.format(quality.inKbps) }));
	}
	return (
		<p
			className="connection-quality hint"
			data-testid="connection-quality"
			data-path={quality?.path ?? ''}
			data-rtt-ms={quality?.rttMs ?? ''}
			data-loss-percent={quality?.lossPercent ?? ''}
		>
			<span>{t('consultation.quality.title')}: </span>
			{parts.length > 0 ? parts.join(' · ') : t('consultation.quality.measuring')}
		</p>
	);
}
