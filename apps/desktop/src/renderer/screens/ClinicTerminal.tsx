import type { Consultation } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DevicePicker } from '../components/DevicePicker.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { LevelMeter } from '../components/LevelMeter.js';
import { RemoteAudio, VideoView } from '../components/MediaViews.js';
import { VitalsPanel } from '../components/VitalsPanel.js';
import { ClinicVitalsStatus } from '../components/ClinicVitalsStatus.js';
import { PulmonaryFunctionForm } from '../components/PulmonaryFunctionForm.js';
import { StillCapturePanel } from '../components/StillCapturePanel.js';
import { ClinicCapture } from '../consultation/clinic-capture.js';
import type { ClinicVitals } from '../consultation/clinic-vitals.js';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { defaultStethoscope, listInputDevices, type InputDevices } from '../consultation/media-devices.js';
import type { AttachmentOutbox } from '../records/attachment-outbox.js';
import type { AttachmentConnection } from '../records/consultation-attachments.js';
import type { ObservationOutbox } from '../records/observation-outbox.js';
import { ConsultationHeader } from './ConsultationHeader.js';
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
	attachments,
	connection,
	onLeave,
}: {
	client: ConsultationClient;
	consultation: Consultation;
	clinicVitals: ClinicVitals;
	outbox: ObservationOutbox | undefined;
	/** Where stills go first; absent only in tests of other parts. */
	attachments?: AttachmentOutbox | undefined;
	connection?: Pick<AttachmentConnection, 'subscribe'> | undefined;
	onLeave: () => void;
}) {
	const { t } = useTranslation();
	const { peers, problem, clearProblem } = useConsultation(client);
	const [capture] = useState(() => new ClinicCapture(client, clinicVitals, consultation.consultationId));
	const { tracks, sending, error } = useEmitterState(capture, 'change', () => capture.snapshot);
	const { vitals } = useEmitterState(clinicVitals, 'change', () => clinicVitals.snapshot);
	const expertVoice = useEmitterState(client, 'tracks', () => client.remoteTracks).find((t) => t.source === 'voice')?.track;
	const [expertVolume, setExpertVolume] = useState(1);
	const [devices, setDevices] = useState<InputDevices | Error>(NO_DEVICES);
	const [camera, setCamera] = useState<string>();
	const [voice, setVoice] = useState<string>();
	const [stethoscope, setStethoscope] = useState<string>();
	// The document camera: chosen and remembered like the terminal's other devices, off until the doctor needs it.
	const { chosen, choose } = useChosenDevices();
	const [documentOn, setDocumentOn] = useState(false);

	useEffect(() => {
		listInputDevices({ video: true }).then((found) => {
			setDevices(found);
			setCamera(found.cameras[0]?.deviceId);
			setVoice(found.microphones[0]?.deviceId);
			setStethoscope(defaultStethoscope(found.microphones)?.deviceId);
		}, (e: Error) => setDevices(e));
		return () => capture.close();
	}, [capture]);

	useEffect(() => {
		if (camera) void capture.selectCamera(camera);
	}, [capture, camera]);

	useEffect(() => {
		if (documentOn || tracks.document) void capture.setDocumentCamera(chosen.document, documentOn);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- switching follows the choice and the toggle, not the track it produces
	}, [capture, chosen.document, documentOn]);

	const found = devices instanceof Error ? NO_DEVICES : devices;
	const locked = sending !== 'idle';
	return (
		<div className="consultation clinic">
			<ConsultationHeader title={t('consultation.clinicTitle')} code={client.consultationCode} consultation={consultation} peers={peers} onLeave={onLeave} />
			<ErrorBanner
				error={devices instanceof Error ? devices : (error ?? problem)}
				onDismiss={() => {
					capture.dismissError();
					clearProblem();
				}}
			/>
			<div className="layout">
				<div className="videos">
					<VideoView track={tracks['exam-video']} source="exam-video" label={t('consultation.clinic.examPreview')} />
					{documentOn && <VideoView track={tracks.document} source="document" label={t('captures.documentPreview')} />}
				</div>
				<aside className="controls card">
					<DevicePicker label={t('consultation.clinic.examCamera')} testId="pick-exam-video" devices={found.cameras} value={camera} onChange={setCamera} />
					<DevicePicker label={t('consultation.clinic.voiceMicrophone')} testId="pick-voice" devices={found.microphones} value={voice} onChange={setVoice} disabled={locked} />
					<DevicePicker label={t('consultation.clinic.stethoscopeInput')} testId="pick-stethoscope" devices={found.microphones} value={stethoscope} onChange={setStethoscope} disabled={locked} />
					<LevelMeter track={tracks.stethoscope} label={t('consultation.clinic.stethoscope')} testId="level-stethoscope" />
					<p className="hint">{t('consultation.clinic.stethoscopeHint')}</p>
					<RemoteAudio track={expertVoice} source="voice" label={t('consultation.clinic.expertVoice')} volume={expertVolume} onVolume={setExpertVolume} />
					<button type="button" data-testid="start-sending" onClick={() => void capture.start({ voice, stethoscope })} disabled={locked || !tracks['exam-video']}>
						{sending === 'idle' ? t('consultation.clinic.start') : sending === 'starting' ? t('consultation.clinic.starting') : t('consultation.clinic.sending')}
					</button>
					<p data-testid="sending-state" data-state={sending}>
						{sending === 'sending' ? t('consultation.clinic.sendingNow') : t('consultation.clinic.notSending')}
					</p>
					<ClinicVitalsStatus vitals={clinicVitals} outbox={outbox} />
					<DevicePicker label={t('captures.documentCamera')} testId="pick-document" devices={found.cameras} value={chosen.document} onChange={(id) => choose('document', id)} />
					<button type="button" data-testid="document-toggle" aria-pressed={documentOn} onClick={() => setDocumentOn((on) => !on)}>
						{documentOn ? t('captures.documentOff') : t('captures.documentOn')}
					</button>
					<p className="hint">{t('captures.documentHint')}</p>
				</aside>
				<div className="clinic-vitals-column">
					{attachments && connection && <StillCapturePanel outbox={attachments} consultationId={consultation.consultationId} tracks={tracks} connection={connection} />}
					<VitalsPanel history={vitals} title={t('consultation.clinic.vitalsTitle')} />
					<section className="card">
						<PulmonaryFunctionForm onRecord={({ readings, context }) => void clinicVitals.recordManual(consultation.consultationId, readings, context)} />
					</section>
				</div>
			</div>
		</div>
	);
}
