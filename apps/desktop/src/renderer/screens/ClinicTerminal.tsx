import type { CapturedSource } from '@consultdesk/media-settings';
import { SimulatedPulseOximeter } from '@consultdesk/vitals';
import { useEffect, useRef, useState } from 'react';
import { DevicePicker } from '../components/DevicePicker.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { VideoView } from '../components/MediaViews.js';
import { VitalsPanel } from '../components/VitalsPanel.js';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { captureSource, defaultStethoscope, listInputDevices, type InputDevices } from '../consultation/media-devices.js';
import { VitalsHistory } from '../consultation/vitals-history.js';
import { ConsultationHeader } from './ConsultationHeader.js';
import { useConsultation } from './use-consultation.js';

type Selection = Record<CapturedSource, string | undefined>;

/** The overseas clinic: picks its inputs, previews the camera and sends everything to the expert. */
export function ClinicTerminal({ client, onLeave }: { client: ConsultationClient; onLeave: () => void }) {
	const { peers, problem, clearProblem } = useConsultation(client);
	const [devices, setDevices] = useState<InputDevices>({ cameras: [], microphones: [] });
	const [selection, setSelection] = useState<Selection>({ 'exam-video': undefined, voice: undefined, stethoscope: undefined });
	const [preview, setPreview] = useState<MediaStreamTrack>();
	const [sending, setSending] = useState<'idle' | 'starting' | 'sending'>('idle');
	const [vitals, setVitals] = useState(VitalsHistory.withCapacity(10));
	const [error, setError] = useState<unknown>();
	const tracks = useRef(new Map<CapturedSource, MediaStreamTrack>());
	const oximeter = useRef<SimulatedPulseOximeter>(undefined);

	useEffect(() => {
		listInputDevices().then((found) => {
			setDevices(found);
			setSelection({
				'exam-video': found.cameras[0]?.deviceId,
				voice: found.microphones[0]?.deviceId,
				stethoscope: defaultStethoscope(found.microphones)?.deviceId,
			});
		}, setError);
		const owned = tracks.current;
		return () => {
			oximeter.current?.close();
			for (const track of owned.values()) track.stop();
		};
	}, []);

	// The preview is the very track that is sent, so what the doctor sees is what the expert gets.
	useEffect(() => {
		if (!selection['exam-video']) return;
		let cancelled = false;
		captureSource('exam-video', selection['exam-video']).then((track) => {
			if (cancelled) return track.stop();
			replaceTrack('exam-video', track);
			setPreview(track);
		}, setError);
		return () => {
			cancelled = true;
		};
	}, [selection['exam-video']]);

	function replaceTrack(source: CapturedSource, track: MediaStreamTrack): void {
		tracks.current.get(source)?.stop();
		tracks.current.set(source, track);
		if (sending === 'sending') client.send(source, track).catch(setError);
	}

	async function start(): Promise<void> {
		setSending('starting');
		try {
			for (const source of ['voice', 'stethoscope'] as const) tracks.current.set(source, await captureSource(source, selection[source]));
			for (const [source, track] of tracks.current) await client.send(source, track);
			const device = new SimulatedPulseOximeter();
			oximeter.current = device;
			device.start((message) => {
				setVitals((h) => h.add(message));
				client.sendVitals(message).catch(setError);
			});
			setSending('sending');
		} catch (e) {
			setError(e);
			setSending('idle');
		}
	}

	const pick = (source: CapturedSource) => (deviceId: string) => setSelection((s) => ({ ...s, [source]: deviceId }));
	const locked = sending !== 'idle';
	return (
		<div className="consultation clinic">
			<ConsultationHeader title="Clinic terminal" code={client.consultationCode} peers={peers} onLeave={onLeave} />
			<ErrorBanner error={error ?? problem} onDismiss={() => (setError(undefined), clearProblem())} />
			<div className="layout">
				<VideoView track={preview} source="exam-video" label="Exam camera (preview)" />
				<aside className="controls card">
					<DevicePicker label="Exam camera" testId="pick-exam-video" devices={devices.cameras} value={selection['exam-video']} onChange={pick('exam-video')} />
					<DevicePicker label="Voice microphone" testId="pick-voice" devices={devices.microphones} value={selection.voice} onChange={pick('voice')} disabled={locked} />
					<DevicePicker label="Stethoscope input" testId="pick-stethoscope" devices={devices.microphones} value={selection.stethoscope} onChange={pick('stethoscope')} disabled={locked} />
					<p className="hint">The stethoscope is sent unprocessed (no echo cancellation, noise suppression or gain control) in high-fidelity stereo Opus.</p>
					<button type="button" data-testid="start-sending" onClick={() => void start()} disabled={locked || !preview}>
						{sending === 'idle' ? 'Start sending to the expert' : sending === 'starting' ? 'Starting…' : 'Sending'}
					</button>
					<p data-testid="sending-state" data-state={sending}>
						{sending === 'sending' ? 'Sending exam video, voice, stethoscope and vitals.' : 'Not sending yet.'}
					</p>
				</aside>
				<VitalsPanel history={vitals} title="Pulse oximeter (simulated)" />
			</div>
		</div>
	);
}
