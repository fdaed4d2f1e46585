import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gainHint } from '../auscultation/clip-detection.js';
import { AudioLevelMeter } from '../consultation/audio-level.js';

/**
 * A live input level in dBFS, so both doctors can see a stethoscope or
 * microphone is really picking up; a clipping warning when samples sit at
 * full scale, and (for the clinic's own inputs) which way to turn the
 * device's volume.
 */
export function LevelMeter({ track, label, testId, gainHints = false }: { track: MediaStreamTrack | undefined; label: string; testId: string; gainHints?: boolean }) {
	const { t } = useTranslation();
	const [dbfs, setDbfs] = useState<number>();
	/** When the input last clipped: the warning stays two seconds, long enough to read. */
	const [clippedAt, setClippedAt] = useState<number>();
	const [now, setNow] = useState(0);
	useEffect(() => {
		if (!track) return;
		const meter = new AudioLevelMeter(track, (level, _peak, clipped) => {
			setDbfs(level);
			const at = performance.now();
			setNow(at);
			if (clipped) setClippedAt(at);
		});
		return () => {
			meter.close();
			setDbfs(undefined);
			setClippedAt(undefined);
		};
	}, [track]);
	const clipping = clippedAt !== undefined && now - clippedAt < 2000;
	const hint = gainHints && track ? gainHint(dbfs, clipping) : 'ok';
	const shown = dbfs === undefined || dbfs <= -100 ? t('media.noLevel') : Math.round(dbfs).toString();
	return (
		<div className="level" data-testid={testId} data-dbfs={dbfs === undefined ? '' : dbfs.toFixed(1)} data-hint={hint}>
			<meter min={-60} max={0} low={-50} high={-6} optimum={-20} value={dbfs ?? -60} aria-label={t('media.level', { label })} />
			<span className="level-value">{t('media.dbfs', { value: shown })}</span>
			{clipping && (
				<span className="warning clipping" role="status" data-testid={`${testId}-clipping`}>
					{t('media.clipping')}
				</span>
			)}
			{hint === 'too-quiet' && (
				<span className="hint" role="status" data-testid={`${testId}-too-quiet`}>
					{t('media.tooQuiet')}
				</span>
			)}
		</div>
	);
}
