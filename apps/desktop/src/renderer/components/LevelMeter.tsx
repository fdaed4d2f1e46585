import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AudioLevelMeter } from '../consultation/audio-level.js';

/** A live input level in dBFS, so both doctors can see a stethoscope or microphone is really picking up. */
export function LevelMeter({ track, label, testId }: { track: MediaStreamTrack | undefined; label: string; testId: string }) {
	const { t } = useTranslation();
	const [dbfs, setDbfs] = useState<number>();
	useEffect(() => {
		if (!track) return;
		const meter = new AudioLevelMeter(track, setDbfs);
		return () => {
			meter.close();
			setDbfs(undefined);
		};
	}, [track]);
	const shown = dbfs === undefined || dbfs <= -100 ? t('media.noLevel') : Math.round(dbfs).toString();
	return (
		<div className="level" data-testid={testId} data-dbfs={dbfs === undefined ? '' : dbfs.toFixed(1)}>
			<meter min={-60} max={0} low={-50} high={-6} optimum={-20} value={dbfs ?? -60} aria-label={t('media.level', { label })} />
			<span className="level-value">{t('media.dbfs', { value: shown })}</span>
		</div>
	);
}
