import type { Consultation, EarlierObservation, MediaSource } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertThresholdsEditor } from '../components/AlertThresholdsEditor.js';
import { EndConsultationForm } from '../components/EndConsultationForm.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { MicrophoneControl } from '../components/MicrophoneControl.js';
import { RemoteAudio, VideoView } from '../components/MediaViews.js';
import { StillGallery } from '../components/StillGallery.js';
import { VitalsPanel } from '../components/VitalsPanel.js';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { sha256Hex } from '../records/attachment-outbox.js';
import { ConsultationAttachments, type AttachmentConnection } from '../records/consultation-attachments.js';
import { DEFAULT_THRESHOLDS, type AlertThresholds } from '../consultation/vitals-alerts.js';
import { ConsultationHeader } from './ConsultationHeader.js';
import { useConsultation } from './use-consultation.js';
import { useEmitterState } from './use-emitter-state.js';

export interface ExpertConsoleProps {
	client: ConsultationClient;
	consultation: Consultation;
	onLeave: () => void;
	/** Ends the consultation with a summary (experts only); the server then closes the room for everyone. */
	onEnd?: (summary: string) => Promise<unknown>;
	/** Where the consultation's stills come from; absent only in tests of other parts. */
	attachments?: { connection: AttachmentConnection; fetchContent: (id: string) => Promise<Blob> } | undefined;
}

/**
 * The home-hospital expert: sees the exam camera, hears voice and stethoscope
 * separately, reads the vitals, talks back, and ends the consultation. An
 * admin observing gets the same view without a microphone or End.
 */
export function ExpertConsole({ client, consultation, onLeave, onEnd, attachments }: ExpertConsoleProps) {
	const { t } = useTranslation();
	const { peers, problem, clearProblem } = useConsultation(client);
	const tracks = useEmitterState(client, 'tracks', () => client.remoteTracks);
	const vitals = useEmitterState(client, 'vitals', () => client.vitals);
	const [micError, setMicError] = useState<unknown>();
	const [volume, setVolume] = useState<Record<'voice' | 'stethoscope', number>>({ voice: 1, stethoscope: 1 });
	const [ending, setEnding] = useState(false);
	const [thresholds, setThresholds] = useState<AlertThresholds>(DEFAULT_THRESHOLDS);
	const [earlier, setEarlier] = useState<readonly EarlierObservation[]>([]);
	const [gallery] = useState(() => (attachments ? new ConsultationAttachments({ ...attachments, consultationId: consultation.consultationId, hash: sha256Hex }) : undefined));
	// Exam and document camera side by side; a click makes one large.
	const [large, setLarge] = useState<MediaSource>();

	useEffect(() => {
		let current = true;
		void client.earlierVitals().then((observations) => current && setEarlier(observations));
		return () => {
			current = false;
		};
	}, [client]);
	const track = (source: MediaSource) => tracks.find((t) => t.source === source)?.track;
	const observer = client.role === 'observer';

	return (
		<div className={observer ? 'consultation expert observer' : 'consultation expert'}>
			<ConsultationHeader
				title={observer ? t('consultation.observerTitle') : t('consultation.expertTitle')}
				code={client.consultationCode}
				consultation={consultation}
				peers={peers}
				onLeave={onLeave}
			>
				{onEnd && !observer && (
					<button type="button" className="danger" data-testid="end" onClick={() => setEnding(true)} disabled={ending}>
						{t('expert.end.open')}
					</button>
				)}
			</ConsultationHeader>
			<ErrorBanner error={micError ?? problem} onDismiss={() => (setMicError(undefined), clearProblem())} />
			{ending && onEnd && (
				<div className="end-panel card">
					<EndConsultationForm code={client.consultationCode} onEnd={onEnd} onCancel={() => setEnding(false)} />
				</div>
			)}
			<div className="layout">
				<div className={large ? 'videos one-large' : 'videos'}>
					{(['exam-video', 'document'] as const)
						.filter((source) => source === 'exam-video' || track(source))
						.map((source) => (
							<div
								key={source}
								className={large === source ? 'video-slot large' : 'video-slot'}
								data-testid={`video-slot-${source}`}
								title={large === source ? t('captures.shrink') : t('captures.enlarge')}
								onClick={() => setLarge((l) => (l === source ? undefined : source))}
							>
								<VideoView track={track(source)} source={source} label={source === 'document' ? t('captures.documentCamera') : t('consultation.expert.examCamera')} />
							</div>
						))}
				</div>
				<aside className="controls card">
					<RemoteAudio track={track('stethoscope')} source="stethoscope" label={t('consultation.expert.stethoscope')} volume={volume.stethoscope} onVolume={(v) => setVolume((s) => ({ ...s, stethoscope: v }))} />
					<RemoteAudio track={track('voice')} source="voice" label={t('consultation.expert.clinicVoice')} volume={volume.voice} onVolume={(v) => setVolume((s) => ({ ...s, voice: v }))} />
					{observer ? <p className="hint">{t('consultation.expert.observerHint')}</p> : <MicrophoneControl client={client} onError={setMicError} />}
				</aside>
				<div className="expert-vitals-column">
					<AlertThresholdsEditor thresholds={thresholds} onChange={setThresholds} />
					<VitalsPanel history={vitals} title={t('consultation.expert.vitalsTitle')} thresholds={thresholds} earlier={earlier} />
					{gallery && <StillGallery attachments={gallery} canRequest={client.role === 'expert'} />}
				</div>
			</div>
		</div>
	);
}
