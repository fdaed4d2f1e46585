import { auscultationSiteSchema } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShelvedClip } from '../auscultation/clip-shelf.js';
import { decodeClipWav } from '../auscultation/wav-clip.js';
import type { ConsultationAttachments, GalleryStill } from '../records/consultation-attachments.js';
import { useEmitterState } from '../screens/use-emitter-state.js';

/**
 * The stethoscope clips the clinic recorded in this consultation, as the
 * server holds them: those still on their way are marked so; those that
 * arrived play through the same filters and pictures as the live sound, and
 * download as WAV.
 */
export function ArrivedClipList({ clips, onPlay }: { clips: ConsultationAttachments; onPlay: (clip: ShelvedClip) => void }) {
	const { t } = useTranslation();
	const { stills: items } = useEmitterState(clips, 'change', () => clips.snapshot);
	useEffect(() => {
		void clips.start();
		return () => clips.close();
	}, [clips]);
	if (items.length === 0) return null;
	return (
		<div className="arrived-clips">
			<h4>{t('auscultation.arrived.title')}</h4>
			<ul>
				{items.map((item) => (
					<ArrivedClip key={item.attachment.id} item={item} onPlay={onPlay} />
				))}
			</ul>
		</div>
	);
}

function ArrivedClip({ item, onPlay }: { item: GalleryStill; onPlay: (clip: ShelvedClip) => void }) {
	const { t } = useTranslation();
	const [failed, setFailed] = useState(false);
	const { attachment, url, blob } = item;
	const seconds = Math.round((attachment.durationMs ?? 0) / 1000);
	const marked = auscultationSiteSchema.safeParse(attachment.bodySite);
	const site = marked.success ? t(`auscultation.sites.${marked.data}`) : t('auscultation.recording.noSite');
	const play = async () => {
		if (!url || !blob) return;
		try {
			const { metadata } = decodeClipWav(new Uint8Array(await blob.arrayBuffer()));
			onPlay({ blob, metadata, url });
		} catch {
			setFailed(true);
		}
	};
	return (
		<li data-testid="arrived-clip" data-state={url ? 'arrived' : 'on-its-way'} data-clip-id={attachment.id}>
			<span>{t('auscultation.arrived.clip', { site, seconds })}</span>
			{url ? (
				<>
					<button type="button" className="secondary" data-testid="arrived-clip-play" onClick={() => void play()}>
						{t('auscultation.recording.play')}
					</button>
					<a href={url} download={`consultdesk-clip-${attachment.id}.wav`}>
						{t('auscultation.recording.download')}
					</a>
				</>
			) : (
				<span className="hint">{t('captures.onItsWay')}</span>
			)}
			{failed && <span className="warning">{t('auscultation.arrived.unreadable')}</span>}
		</li>
	);
}
