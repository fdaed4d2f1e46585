import type { MediaSource } from '@consultdesk/protocol';
import { useState } from 'react';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { MicrophoneControl } from '../components/MicrophoneControl.js';
import { RemoteAudio, VideoView } from '../components/MediaViews.js';
import { VitalsPanel } from '../components/VitalsPanel.js';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { ConsultationHeader } from './ConsultationHeader.js';
import { useConsultation } from './use-consultation.js';
import { useEmitterState } from './use-emitter-state.js';

/** The home-hospital expert: sees the exam camera, hears voice and stethoscope separately, reads the vitals. */
export function ExpertConsole({ client, onLeave }: { client: ConsultationClient; onLeave: () => void }) {
	const { peers, problem, clearProblem } = useConsultation(client);
	const tracks = useEmitterState(client, 'tracks', () => client.remoteTracks);
	const vitals = useEmitterState(client, 'vitals', () => client.vitals);
	const [micError, setMicError] = useState<unknown>();
	const [volume, setVolume] = useState<Record<'voice' | 'stethoscope', number>>({ voice: 1, stethoscope: 1 });
	const track = (source: MediaSource) => tracks.find((t) => t.source === source)?.track;

	return (
		<div className="consultation expert">
			<ConsultationHeader title="Expert console" code={client.consultationCode} peers={peers} onLeave={onLeave} />
			<ErrorBanner error={micError ?? problem} onDismiss={() => (setMicError(undefined), clearProblem())} />
			<div className="layout">
				<VideoView track={track('exam-video')} source="exam-video" label="Exam camera" />
				<aside className="controls card">
					<RemoteAudio track={track('stethoscope')} source="stethoscope" label="Stethoscope" volume={volume.stethoscope} onVolume={(v) => setVolume((s) => ({ ...s, stethoscope: v }))} />
					<RemoteAudio track={track('voice')} source="voice" label="Clinic doctor's voice" volume={volume.voice} onVolume={(v) => setVolume((s) => ({ ...s, voice: v }))} />
					<MicrophoneControl client={client} onError={setMicError} />
				</aside>
				<VitalsPanel history={vitals} title="Vitals" />
			</div>
		</div>
	);
}
