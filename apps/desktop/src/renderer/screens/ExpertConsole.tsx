import type { Consultation, EarlierObservation, MediaSource } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnClipRecorded } from '../auscultation/clip-recorder.js';
import { AlertThresholdsEditor } from '../components/AlertThresholdsEditor.js';
import { AuscultationSitePanel } from '../components/AuscultationSitePanel.js';
import { ListeningView } from '../components/ListeningView.js';
import { EndConsultationForm } from '../components/EndConsultationForm.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { ConnectionQualityBar } from '../components/ConnectionQualityBar.js';
import { LinkBanner } from '../components/LinkBanner.js';
import { VideoQualityPicker } from '../components/VideoQualityPicker.js';
import { MicrophoneControl } from '../components/MicrophoneControl.js';
import { RemoteAudio, VideoView } from '../components/MediaViews.js';
import { StillGallery } from '../components/StillGallery.js';
import { LiveVitalsPanel } from '../components/VitalsPanel.js';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { sha256Hex } from '../records/attachment-outbox.js';
import { ConsultationAttachments, type AttachmentConnection } from '../records/consultation-attachments.js';
import { DEFAULT_THRESHOLDS, type AlertThresholds } from '../consultation/vitals-alerts.js';
import { ConsultationHeader } from './ConsultationHeader.js';
import { useAuscultation } from './use-auscultation.js';
import { useConsultation } from './use-consultation.js';
import { useEmitterState } from './use-emitter-state.js';

export interface ExpertConsoleProps {
	client: ConsultationClient;
	consultation: Consultation;
	onLeave: () => void;
	/** Ends the consultation with a summary (experts only); the server then closes the room for everyone. */
	onEnd?: (summary: string) => Promise<unknown>;
	/** Every stethoscope clip recorded here (labelled as having gone through Opus); the attachment outbox takes them. */
	onClipRecorded?: OnClipRecorded;
	/** Where the consultation's stills come from; absent only in tests of other parts. */
	attachments?: { connection: AttachmentConnection; fetchContent: (id: string) => Promise<Blob> } | undefined;
}

/**
 * The home-hospital expert: sees the exam camera, hears voice and stethoscope
 * separately, reads the vitals, talks back, and ends the consultation. An
 * admin observing gets the same view without a microphone or End.
 */
export function ExpertConsole({ client, consultation, onLeave, onEnd, onClipRecorded, attachments }: ExpertConsoleProps) {
	const { t } = useTranslation();
	const { peers, problem, clearProblem } = useConsultation(client);
	const tracks = useEmitterState(client, 'tracks', () => client.remoteTracks);
	const [micError, setMicError] = useState<unknown>();
	const [voiceVolume, setVoiceVolume] = useState(1);
	const { sites, site: clipSite, shelf } = useAuscultation(client, onClipRecorded);
	const [ending, setEnding] = useState(false);
	const [thresholds, setThresholds] = useState<AlertThresholds>(DEFAULT_THRESHOLDS);
	const [earlier, setEarlier] = useState<readonly EarlierObservation[]>([]);
	const [gallery] = useState(() => (attachments ? new ConsultationAttachments({ ...attachments, consultationId: consultation.consultationId, hash: sha256Hex }) : undefined));
	const [clips] = useState(() =>
		attachments ? new ConsultationAttachments({ ...attachments, consultationId: consultation.consultationId, kind: 'stethoscope-clip' }) : undefined,
	);
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
			<LinkBanner client={client} />
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
								<VideoView
									track={track(source)}
									source={source}
									label={source === 'document' ? t('captures.documentCamera') : t('consultation.expert.examCamera')}
									notice={source === 'exam-video' && tracks.find((r) => r.source === 'exam-video')?.spatialLayer === null ? t('consultation.quality.videoPaused') : undefined}
								/>
							</div>
						))}
				</div>
				<aside className="controls card">
					<RemoteAudio track={track('voice')} source="voice" label={t('consultation.expert.clinicVoice')} volume={voiceVolume} onVolume={setVoiceVolume} />
					{observer ? <p className="hint">{t('consultation.expert.observerHint')}</p> : <MicrophoneControl client={client} onError={setMicError} />}
					<VideoQualityPicker client={client} onError={setMicError} />
					<ConnectionQualityBar client={client} />
				</aside>
				<div className="auscultation-column">
					{sites && <AuscultationSitePanel sites={sites} />}
					<ListeningView
						arrived={clips}
						track={track('stethoscope')}
						shelf={shelf}
						canRecord={client.role === 'expert'}
						label={{ consultationId: consultation.consultationId, patientReference: consultation.patient.reference, site: clipSite, source: 'expert', path: 'opus-received' }}
					/>
				</div>
				<div className="expert-vitals-column">
					<AlertThresholdsEditor thresholds={thresholds} onChange={setThresholds} />
					<LiveVitalsPanel emitter={client} event="vitals" read={() => client.vitals} title={t('consultation.expert.vitalsTitle')} thresholds={thresholds} earlier={earlier} />
					{gallery && <StillGallery attachments={gallery} canRequest={client.role === 'expert'} />}
				</div>
			</div>
		</div>
	);
}
