import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClipLabel } from '../auscultation/clip-recorder.js';
import type { ClipShelf } from '../auscultation/clip-shelf.js';
import { useEmitterState } from '../screens/use-emitter-state.js';

/** Records a labelled clip of a track, showing how long it has run; stops at the second press or at the limit. */
export function ClipRecordButton({ shelf, track, label }: { shelf: ClipShelf; track: MediaStreamTrack | undefined; label: ClipLabel }) {
	const { t } = useTranslation();
	const { recording, error } = useEmitterState(shelf, 'change', () => shelf.snapshot);
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (!recording) return;
		// A ticking second counter while recording only: four renders a second of one button.
		const timer = setInterval(() => setNow(Date.now()), 250);
		return () => clearInterval(timer);
	}, [recording]);
	const seconds = recording ? Math.max(0, (now - recording.startedAt) / 1000) : 0;
	return (
		<div className="clip-record">
			<button
				type="button"
				className={recording ? 'danger' : 'secondary'}
				data-testid="clip-record"
				data-recording={recording ? 'true' : 'false'}
				disabled={!track}
				onClick={() => void (recording ? shelf.stop() : track && shelf.start(track, label))}
			>
				{recording ? t('auscultation.recording.stop', { seconds: Math.floor(seconds) }) : t('auscultation.recording.start')}
			</button>
			{error !== undefined && (
				<span className="warning" role="status">
					{t('auscultation.recording.failed')}
				</span>
			)}
		</div>
	);
}
