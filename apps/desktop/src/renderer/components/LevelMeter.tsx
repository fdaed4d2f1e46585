import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AudioLevelMeter } from '../consultation/audio-level.js';

/** A sample this close to full scale means the input is clipping: the signal is being cut off. */
const CLIPPING_PEAK = 0.99;

/** A live input level in dBFS, so both doctors can see a stethoscope or microphone is really picking up. */
export function LevelMeter({ track, label, testId }: { track: MediaStreamTrack | undefined; label: string; testId: string }) {
	const { t } = useTranslation();
	const [dbfs, setDbfs] = useState<number>();
	/** When the input last reached full scale: the warning stays two seconds, long enough to read. */
	const [clippedAt, setClippedAt] = useState<number>();
	const [now, setNow] = useState(0);
	useEffect(() => {
		if (!track) return;
		const meter = new AudioLevelMeter(track, (level, peak) => {
			setDbfs(level);
			const at = performance.now();
			setNow(at);
			if (peak >= CLIPPING_PEAK) setClippedAt(at);
		});
		return () => {
			meter.close();
			setDbfs(undefined);
			setClippedAt(undefined);
		};
	}, [track]);
	const clipping = clippedAt !== undefined && now - clippedAt < 2000;
	const shown = dbfs === undefined || dbfs <= -100 ? t('media.noLevel') : Math.round(dbfs).toString();
	return (
		<div className="level" data-testid={testId} data-dbfs={dbfs === undefined ? '' : dbfs.toFixed(1)}>
			<meter min={-60} max={0} low={-50} high={-6} optimum={-20} value={dbfs ?? -60} aria-label={t('media.level', { label })} />
			<span className="level-value">{t('media.dbfs', { value: shown })}</span>
			{clipping && (
				<span className="warning clipping" role="status" data-testid={`${testId}-clipping`}>
					{t('media.clipping')}
				</span>
			)}
		</div>
	);
}
