import type { Consultation } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnClipRecorded } from '../auscultation/clip-recorder.js';
import { AuscultationSitePanel } from '../components/AuscultationSitePanel.js';
import { ClipList } from '../components/ClipList.js';
import { ClipRecordButton } from '../components/ClipRecordButton.js';
import { DevicePicker } from '../components/DevicePicker.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { ConnectionQualityBar } from '../components/ConnectionQualityBar.js';
import { LinkBanner } from '../components/LinkBanner.js';
import { LevelMeter } from '../components/LevelMeter.js';
import { RemoteAudio, VideoView } from '../components/MediaViews.js';
import { LiveVitalsPanel } from '../components/VitalsPanel.js';
import { ClinicVitalsStatus } from '../components/ClinicVitalsStatus.js';
import { PulmonaryFunctionForm } from '../components/PulmonaryFunctionForm.js';
import { StillCapturePanel } from '../components/StillCapturePanel.js';
import { ClinicCapture } from '../consultation/clinic-capture.js';
import type { BluetoothVitals } from '../consultation/bluetooth-vitals.js';
import type { ClinicVitals } from '../consultation/clinic-vitals.js';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import type { InputDevices } from '../consultation/media-devices.js';
import type { AttachmentOutbox } from '../records/attachment-outbox.js';
import { forwardClipsTo } from '../records/clip-forwarding.js';
import type { AttachmentConnection } from '../records/consultation-attachments.js';
import type { ObservationOutbox } from '../records/observation-outbox.js';
import { ConsultationHeader } from './ConsultationHeader.js';
import { useAuscultation } from './use-auscultation.js';
import { useChosenDevices } from './use-chosen-devices.js';
import { useConsultation } from './use-consultation.js';
import { useEmitterState } from './use-emitter-state.js';

const NO_DEVICES: InputDevices = { cameras: [], microphones: [] };

/** The overseas clinic: picks its inputs, previews the camera and sends everything to the expert. */
export function ClinicTerminal({
	client,
	consultation,
	clinicVitals,
	outbox,
	bluetooth,
	attachments,
	connection,
	onLeave,
	onClipRecorded,
}: {
	client: ConsultationClient;
	consultation: Consultation;
	clinicVitals: ClinicVitals;
	outbox: ObservationOutbox | undefined;
	bluetooth?: BluetoothVitals | undefined;
	/** Where stills go first; absent only in tests of other parts. */
	attachments?: AttachmentOutbox | undefined;
	connection?: Pick<AttachmentConnection, 'subscribe'> | undefined;
	onLeave: () => void;
	/** Every stethoscope clip recorded here, lossless from the raw input; the attachment outbox takes them. */
	onClipRecorded?: OnClipRecorded;
}) {
	const { t } = useTranslation();
	const { peers, problem, clearProblem } = useConsultation(client);
	const [capture] = useState(() => new ClinicCapture(client, clinicVitals, consultation.consultationId));
	const { tracks, sending, error } = useEmitterState(capture, 'change', () => capture.snapshot);
	const expertVoice = useEmitterState(client, 'tracks', () => client.remoteTracks).find((t) => t.source === 'voice')?.track;
	const [expertVolume, setExpertVolume] = useState(1);
	// Chosen once and remembered on this terminal; matched again by id, then label, when devices change.
	const { devices, error: devicesError, chosen, choose } = useChosenDevices();
	const camera = chosen['exam-video'];
	const voice = chosen.voice;
	const stethoscope = chosen.stethoscope;
	const [clipError, setClipError] = useState<unknown>();
	// Each clip recorded here is kept in the attachment outbox first, to reach the server exactly once.
	const [forwardClip] = useState(() => onClipRecorded ?? (attachments ? forwardClipsTo(attachments, setClipError) : undefined));
	const { sites, site, shelf } = useAuscultation(client, forwardClip);
	// The document camera: off until the doctor needs it.
	const [documentOn, setDocumentOn] = useState(false);

	useEffect(() => () => capture.close(), [capture]);

	useEffect(() => {
		if (camera) void capture.selectCamera(camera);
	}, [capture, camera]);

	useEffect(() => {
		if (documentOn || tracks.document) void capture.setDocumentCamera(chosen.document, documentOn);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- switching follows the choice and the toggle, not the track it produces
	}, [capture, chosen.document, documentOn]);

	const found = devices ?? NO_DEVICES;
	// The device's own format: a USB stethoscope often runs mono at 8, 16 or 44.1 kHz.
	const settings = tracks.stethoscope?.getSettings();
	const stethoscopeFormat = settings?.sampleRate ? { sampleRate: settings.sampleRate, channels: settings.channelCount ?? 1 } : undefined;
	const locked = sending !== 'idle';
	return (
		<div className="consultation clinic">
			<ConsultationHeader title={t('consultation.clinicTitle')} code={client.consultationCode} consultation={consultation} peers={peers} onLeave={onLeave} />
			<LinkBanner client={client} />
			<ErrorBanner
				error={devicesError ?? error ?? clipError ?? problem}
				onDismiss={() => {
					capture.dismissError();
					setClipError(undefined);
					clearProblem();
				}}
			/>
			<div className="layout">
				<div className="videos">
					<VideoView track={tracks['exam-video']} source="exam-video" label={t('consultation.clinic.examPreview')} />
					{documentOn && <VideoView track={tracks.document} source="document" label={t('captures.documentPreview')} />}
				</div>
				<aside className="controls card">
					<DevicePicker label={t('consultation.clinic.examCamera')} testId="pick-exam-video" devices={found.cameras} value={camera} onChange={(id) => choose('exam-video', id)} />
					<DevicePicker label={t('consultation.clinic.voiceMicrophone')} testId="pick-voice" devices={found.microphones} value={voice} onChange={(id) => choose('voice', id)} disabled={locked} />
					<DevicePicker label={t('consultation.clinic.stethoscopeInput')} testId="pick-stethoscope" devices={found.microphones} value={stethoscope} onChange={(id) => choose('stethoscope', id)} disabled={locked} />
					<LevelMeter track={tracks.stethoscope} label={t('consultation.clinic.stethoscope')} testId="level-stethoscope" gainHints />
					{stethoscopeFormat && (
						<p className="hint" data-testid="stethoscope-format" data-sample-rate={stethoscopeFormat.sampleRate} data-channels={stethoscopeFormat.channels}>
							{t(stethoscopeFormat.channels >= 2 ? 'auscultation.inputFormatStereo' : 'auscultation.inputFormatMono', { khz: stethoscopeFormat.sampleRate / 1000 })}
						</p>
					)}
					<p className="hint">{t('consultation.clinic.stethoscopeHint')}</p>
					<RemoteAudio track={expertVoice} source="voice" label={t('consultation.clinic.expertVoice')} volume={expertVolume} onVolume={setExpertVolume} />
					<button type="button" data-testid="start-sending" onClick={() => void capture.start({ voice, stethoscope })} disabled={locked || !tracks['exam-video']}>
						{sending === 'idle' ? t('consultation.clinic.start') : sending === 'starting' ? t('consultation.clinic.starting') : t('consultation.clinic.sending')}
					</button>
					<p data-testid="sending-state" data-state={sending}>
						{sending === 'sending' ? t('consultation.clinic.sendingNow') : t('consultation.clinic.notSending')}
					</p>
					<ClinicVitalsStatus vitals={clinicVitals} outbox={outbox} bluetooth={bluetooth} />
					<ConnectionQualityBar client={client} />
					<DevicePicker label={t('captures.documentCamera')} testId="pick-document" devices={found.cameras} value={chosen.document} onChange={(id) => choose('document', id)} />
					<button type="button" data-testid="document-toggle" aria-pressed={documentOn} onClick={() => setDocumentOn((on) => !on)}>
						{documentOn ? t('captures.documentOff') : t('captures.documentOn')}
					</button>
					<p className="hint">{t('captures.documentHint')}</p>
				</aside>
				<div className="auscultation-column">
					{sites && <AuscultationSitePanel sites={sites} />}
					<section className="card">
						<ClipRecordButton
							shelf={shelf}
							track={tracks.stethoscope}
							label={{ consultationId: consultation.consultationId, patientReference: consultation.patient.reference, site, source: 'clinic', path: 'raw-input' }}
						/>
						<p className="hint">{t('auscultation.recording.clinicHint')}</p>
						<ClipList shelf={shelf} />
					</section>
				</div>
				<div className="clinic-vitals-column">
					{attachments && connection && <StillCapturePanel outbox={attachments} consultationId={consultation.consultationId} tracks={tracks} connection={connection} />}
					<LiveVitalsPanel emitter={clinicVitals} event="change" read={() => clinicVitals.snapshot.vitals} title={t('consultation.clinic.vitalsTitle')} />
					<section className="card">
						<PulmonaryFunctionForm onRecord={({ readings, context }) => void clinicVitals.recordManual(consultation.consultationId, readings, context)} />
					</section>
				</div>
			</div>
		</div>
	);
}
