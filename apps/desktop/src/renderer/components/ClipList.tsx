import { useTranslation } from 'react-i18next';
import type { ClipShelf, ShelvedClip } from '../auscultation/clip-shelf.js';
import { clipFileName } from '../auscultation/clip-recorder.js';
import { useEmitterState } from '../screens/use-emitter-state.js';

/** The clips recorded on this screen: each labelled, downloadable as WAV and, at the expert, playable through the listening view. */
export function ClipList({ shelf, onPlay }: { shelf: ClipShelf; onPlay?: (clip: ShelvedClip) => void }) {
	const { t } = useTranslation();
	const { clips } = useEmitterState(shelf, 'change', () => shelf.snapshot);
	if (clips.length === 0) return null;
	return (
		<ul className="clip-list" data-testid="clip-list">
			{clips.map((clip) => {
				const { metadata } = clip;
				return (
					<li key={metadata.clipId} data-testid="clip" data-clip={metadata.clipId} data-site={metadata.site ?? ''} data-path={metadata.path}>
						<span>
							{t('auscultation.recording.clipLabel', {
								site: metadata.site ? t(`auscultation.sites.${metadata.site}`) : t('auscultation.recording.noSite'),
								seconds: metadata.durationMs / 1000,
								at: new Date(metadata.startedAt),
							})}
						</span>
						<span className="hint">{metadata.path === 'raw-input' ? t('auscultation.recording.raw') : t('auscultation.recording.viaOpus')}</span>
						<a href={clip.url} download={clipFileName(metadata)} data-testid="clip-download">
							{t('auscultation.recording.download')}
						</a>
						{onPlay && (
							<button type="button" className="secondary" data-testid="clip-play" onClick={() => onPlay(clip)}>
								{t('auscultation.recording.play')}
							</button>
						)}
					</li>
				);
			})}
		</ul>
	);
}
