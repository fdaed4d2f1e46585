import { BODY_SITE_MAX_LENGTH, CAPTION_MAX_LENGTH, ERROR_CODES, ProtocolError, type ErrorCode, type NotificationPayload } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { takeStill } from '../consultation/still-capture.js';
import type { AttachmentOutbox } from '../records/attachment-outbox.js';
import type { AttachmentConnection } from '../records/consultation-attachments.js';
import { useEmitterState } from '../screens/use-emitter-state.js';
import { describeError } from '../i18n/error-messages.js';

type PhotoRequest = NotificationPayload<'attachment:photo-requested'>;

/** The outbox keeps the code a refusal came with; the doctor reads its translation. */
const refusal = (code: string | undefined) => (ERROR_CODES.includes(code as ErrorCode) ? new ProtocolError(code as ErrorCode, '') : new Error(code));

/**
 * The clinic doctor's stills: taken from the exam or the document camera at
 * its full resolution (or added from a file), with an optional caption and
 * body site, kept in the outbox first and shown with their upload progress
 * until the server has them. An expert's "please take a photo" shows here.
 */
export function StillCapturePanel({
	outbox,
	consultationId,
	tracks,
	connection,
}: {
	outbox: AttachmentOutbox;
	consultationId: string;
	tracks: { 'exam-video'?: MediaStreamTrack | undefined; document?: MediaStreamTrack | undefined };
	connection: Pick<AttachmentConnection, 'subscribe'>;
}) {
	const { t } = useTranslation();
	const items = useEmitterState(outbox, 'change', () => outbox.items).filter((i) => i.declaration.consultationId === consultationId);
	const [chosenSource, setSource] = useState<'exam-video' | 'document'>();
	const [caption, setCaption] = useState('');
	const [bodySite, setBodySite] = useState('');
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const [request, setRequest] = useState<PhotoRequest>();

	useEffect(
		() => connection.subscribe('attachment:photo-requested', (payload) => payload.consultationId === consultationId && setRequest(payload)),
		[connection, consultationId],
	);
	// The document camera is the natural choice for a photo while it is on, unless the doctor chose.
	const source = chosenSource ?? (tracks.document ? 'document' : 'exam-video');

	const track = tracks[source] ?? tracks['exam-video'];
	const describe = () => ({ ...(caption.trim() ? { caption: caption.trim() } : {}), ...(bodySite.trim() ? { bodySite: bodySite.trim() } : {}) });
	const keep = async (make: () => Promise<Parameters<AttachmentOutbox['add']>[0]>) => {
		setBusy(true);
		setError(undefined);
		try {
			await outbox.add(await make());
			setCaption('');
			setRequest(undefined);
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};
	const takePhoto = () =>
		keep(async () => {
			const still = await takeStill(track!);
			return { consultationId, kind: 'still', contentType: still.contentType, blob: still.blob, width: still.width, height: still.height, capturedAt: Date.now(), ...describe() };
		});
	const addFile = (file: File) =>
		keep(async () => {
			const bitmap = await createImageBitmap(file);
			const size = { width: bitmap.width, height: bitmap.height };
			bitmap.close();
			const contentType = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
			return { consultationId, kind: 'still', contentType, blob: file, ...size, capturedAt: file.lastModified || Date.now(), ...describe() };
		});

	return (
		<section className="card stills" aria-label={t('captures.galleryTitle')}>
			{request && (
				<p className="notice" role="alert" data-testid="photo-request-prompt">
					{request.note ? t('captures.requestedNote', { name: request.requestedBy, note: request.note }) : t('captures.requested', { name: request.requestedBy })}
				</p>
			)}
			<label className="field">
				<span>{t('captures.photoSource')}</span>
				<select data-testid="photo-source" value={source} onChange={(e) => setSource(e.target.value as 'exam-video' | 'document')}>
					<option value="exam-video">{t('captures.examCamera')}</option>
					<option value="document" disabled={!tracks.document}>
						{t('captures.documentCamera')}
					</option>
				</select>
			</label>
			<label className="field">
				<span>{t('captures.caption')}</span>
				<input data-testid="still-caption" value={caption} maxLength={CAPTION_MAX_LENGTH} onChange={(e) => setCaption(e.target.value)} />
			</label>
			<label className="field">
				<span>{t('captures.bodySite')}</span>
				<input data-testid="still-body-site" value={bodySite} maxLength={BODY_SITE_MAX_LENGTH} onChange={(e) => setBodySite(e.target.value)} />
			</label>
			<button type="button" data-testid="take-photo" disabled={busy || !track} onClick={() => void takePhoto()}>
				{busy ? t('captures.taking') : t('captures.takePhoto')}
			</button>
			<label className="field">
				<span>{t('captures.addFile')}</span>
				<input
					type="file"
					data-testid="still-file"
					accept="image/jpeg,image/png"
					disabled={busy}
					onChange={(e) => {
						const file = e.target.files?.[0];
						e.target.value = '';
						if (file) void addFile(file);
					}}
				/>
			</label>
			{error !== undefined && (
				<p className="error" role="alert">
					{describeError(error, t)}
				</p>
			)}
			{items.length > 0 && (
				<div className="outgoing">
					<h3>{t('captures.outgoingTitle')}</h3>
					<ul>
						{items.map(({ declaration, state, failure, sentBytes }) => (
							<li key={declaration.id} data-testid="outgoing-still" data-id={declaration.id} data-state={state} data-sent={sentBytes} data-bytes={declaration.byteLength} data-sha256={declaration.sha256} data-width={declaration.width} data-height={declaration.height}>
								<span>{declaration.caption ?? declaration.bodySite ?? t('captures.size', { width: declaration.width ?? 0, height: declaration.height ?? 0 })}</span>
								{state === 'failed' ? (
									<span className="error">{t('captures.refused', { reason: describeError(refusal(failure), t) })}</span>
								) : (
									<>
										<progress max={declaration.byteLength} value={sentBytes} />
										<span>{t('captures.progress', { percent: sentBytes / declaration.byteLength, sent: sentBytes / 1e6, total: declaration.byteLength / 1e6 })}</span>
									</>
								)}
							</li>
						))}
					</ul>
					<p className="hint">{t('captures.kept')}</p>
				</div>
			)}
		</section>
	);
}
