import { CAPTION_MAX_LENGTH } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationAttachments, GalleryStill } from '../records/consultation-attachments.js';
import { useEmitterState } from '../screens/use-emitter-state.js';
import { describeError } from '../i18n/error-messages.js';
import { StillViewer } from './StillViewer.js';

function Thumbnail({ still, selected, onSelect }: { still: GalleryStill; selected: boolean; onSelect: () => void }) {
	const { t } = useTranslation();
	const { attachment } = still;
	const pending = attachment.state === 'pending';
	return (
		<li>
			<button
				type="button"
				className={selected ? 'still-thumb selected' : 'still-thumb'}
				data-testid="gallery-still"
				data-id={attachment.id}
				data-state={pending ? 'pending' : still.url ? 'shown' : 'loading'}
				data-sha256={still.fetchedSha256}
				data-width={attachment.width}
				data-height={attachment.height}
				disabled={!still.url}
				onClick={onSelect}
			>
				{still.url ? <img src={still.url} alt={attachment.caption ?? ''} /> : <span className="still-pending">{pending ? t('captures.onItsWay') : t('common.loading')}</span>}
				<span className="still-caption">
					{[attachment.caption, attachment.bodySite].filter(Boolean).join(' · ')} {t('captures.capturedAt', { at: new Date(attachment.capturedAt) })}
				</span>
			</button>
		</li>
	);
}

/**
 * The expert's photos of this consultation: each as soon as it is stored
 * (marked while still on its way), one at full size with zoom and pan, and
 * next to it, for comparison, one from the patient's earlier consultations.
 * Participating experts can ask the clinic for a photo.
 */
export function StillGallery({ attachments, canRequest }: { attachments: ConsultationAttachments; canRequest: boolean }) {
	const { t } = useTranslation();
	const { stills, earlier, error } = useEmitterState(attachments, 'change', () => attachments.snapshot);
	const [selected, setSelected] = useState<string>();
	const [compareWith, setCompareWith] = useState<string>();
	const [showEarlier, setShowEarlier] = useState(false);
	const [note, setNote] = useState('');
	const [requested, setRequested] = useState<'sent' | unknown>();

	useEffect(() => {
		void attachments.start();
		return () => attachments.close();
	}, [attachments]);
	// The newest arrival is shown at once unless the expert chose one.
	const newest = [...stills].reverse().find((s) => s.url);
	const current = stills.find((s) => s.attachment.id === selected && s.url) ?? newest;
	const other = earlier.find((s) => s.attachment.id === compareWith && s.url);

	return (
		<section className="card gallery" aria-label={t('captures.galleryTitle')}>
			<h3>{t('captures.galleryTitle')}</h3>
			{canRequest && (
				<form
					className="request-photo"
					onSubmit={(e) => {
						e.preventDefault();
						attachments.requestPhoto(note.trim() || undefined).then(() => (setRequested('sent'), setNote('')), setRequested);
					}}
				>
					<input aria-label={t('captures.requestNote')} placeholder={t('captures.requestNote')} value={note} maxLength={CAPTION_MAX_LENGTH} onChange={(e) => setNote(e.target.value)} />
					<button type="submit" data-testid="request-photo">
						{t('captures.requestPhoto')}
					</button>
					{requested === 'sent' ? <span className="hint">{t('captures.requestSent')}</span> : requested !== undefined && <span className="error">{describeError(requested, t)}</span>}
				</form>
			)}
			{error !== undefined && <p className="error">{describeError(error, t)}</p>}
			{stills.length === 0 ? (
				<p className="hint">{t('captures.noStills')}</p>
			) : (
				<ul className="still-strip">
					{stills.map((still) => (
						<Thumbnail key={still.attachment.id} still={still} selected={still === current} onSelect={() => setSelected(still.attachment.id)} />
					))}
				</ul>
			)}
			<div className={other ? 'still-compare' : undefined}>
				{current?.url && <StillViewer url={current.url} alt={current.attachment.caption ?? ''} width={current.attachment.width} height={current.attachment.height} testId="still-viewer" />}
				{other?.url && <StillViewer url={other.url} alt={other.attachment.caption ?? ''} width={other.attachment.width} height={other.attachment.height} testId="still-viewer-earlier" />}
			</div>
			<button
				type="button"
				data-testid="show-earlier"
				onClick={() => {
					setShowEarlier(true);
					void attachments.loadEarlier();
				}}
				disabled={showEarlier}
			>
				{t('captures.showEarlier')}
			</button>
			{showEarlier && (
				<>
					<h4>{t('captures.earlierTitle')}</h4>
					{earlier.length === 0 ? (
						<p className="hint">{t('captures.noEarlier')}</p>
					) : (
						<ul className="still-strip">
							{earlier.map((still) => (
								<Thumbnail key={still.attachment.id} still={still} selected={still.attachment.id === compareWith} onSelect={() => setCompareWith(still.attachment.id)} />
							))}
						</ul>
					)}
				</>
			)}
		</section>
	);
}
