import { VIDEO_QUALITY_LAYERS, type VideoQuality } from '@consultdesk/media-settings';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationClient } from '../consultation/consultation-client.js';

const QUALITIES = Object.keys(VIDEO_QUALITY_LAYERS) as VideoQuality[];

/** Lets an expert on a poor link cap the exam video, keeping bandwidth for the stethoscope and voice. */
export function VideoQualityPicker({ client, onError }: { client: ConsultationClient; onError: (error: unknown) => void }) {
	const { t } = useTranslation();
	const [quality, setQuality] = useState<VideoQuality>(client.videoQuality);
	return (
		<label className="field">
			<span>{t('consultation.quality.videoQuality')}</span>
			<select
				data-testid="video-quality"
				value={quality}
				onChange={(event) => {
					const next = event.target.value as VideoQuality;
					setQuality(next);
					client.setVideoQuality(next).catch(onError);
				}}
			>
				{QUALITIES.map((q) => (
					<option key={q} value={q}>
						{t(`consultation.quality.videoQualities.${q}`)}
					</option>
				))}
			</select>
		</label>
	);
}
