import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DevicePicker } from '../components/DevicePicker.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { LevelMeter } from '../components/LevelMeter.js';
import { VideoView } from '../components/MediaViews.js';
import { probeWithFallback } from '../consultation/connectivity-probe.js';
import { verdictOf, type MediaPathResult } from '../consultation/connectivity-verdict.js';
import { captureSource } from '../consultation/media-devices.js';
import { checkServer, type ServerCheckResult } from '../consultation/server-check.js';
import { getBridge } from '../platform/bridge.js';
import type { Workspace } from '../session/workspace.js';
import { useChosenDevices } from './use-chosen-devices.js';

type MediaTest = { state: 'idle' } | { state: 'running'; progress: number } | { state: 'done'; result: (MediaPathResult & { udpBlocked: boolean }) | undefined; error?: unknown };

/** Half a second rising from 300 to 1,200 Hz: easy to hear in either ear, gentle on headphones. */
async function playTestTone(): Promise<void> {
	const context = new AudioContext();
	const oscillator = context.createOscillator();
	const gain = context.createGain();
	oscillator.frequency.setValueAtTime(300, context.currentTime);
	oscillator.frequency.exponentialRampToValueAtTime(1200, context.currentTime + 1.2);
	gain.gain.setValueAtTime(0.0001, context.currentTime);
	gain.gain.exponentialRampToValueAtTime(0.2, context.currentTime + 0.05);
	gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + 1.2);
	oscillator.connect(gain).connect(context.destination);
	oscillator.start();
	oscillator.stop(context.currentTime + 1.25);
	await new Promise((r) => setTimeout(r, 1300));
	await context.close();
}

/**
 * Before a consultation: does the camera show, do the microphone and the
 * stethoscope pick up (without clipping), does the speaker play, does the
 * server answer with a sane clock, and what will the link carry? Ends in a
 * verdict a clinic doctor can act on.
 */
export function CheckScreen({ workspace, serverUrl, onBack }: { workspace: Workspace; serverUrl: string; onBack: () => void }) {
	const { t } = useTranslation();
	const { devices, error: listError, chosen, choose } = useChosenDevices();
	const [deviceError, setDeviceError] = useState<unknown>();
	const { 'exam-video': camera, voice, stethoscope } = chosen;
	const [tracks, setTracks] = useState<{ camera?: MediaStreamTrack; voice?: MediaStreamTrack; stethoscope?: MediaStreamTrack }>({});
	const [server, setServer] = useState<ServerCheckResult>();
	const [tone, setTone] = useState<'idle' | 'playing' | 'asked' | 'heard' | 'not-heard'>('idle');
	const [media, setMedia] = useState<MediaTest>({ state: 'idle' });
	const [exported, setExported] = useState<{ file?: string | undefined } | 'failed'>();
	const mounted = useRef(true);

	useEffect(() => {
		mounted.current = true;
		void checkServer(serverUrl).then((result) => mounted.current && setServer(result));
		return () => {
			mounted.current = false;
		};
	}, [serverUrl]);

	useEffect(() => {
		if (!devices) return;
		let stopped = false;
		const opened: MediaStreamTrack[] = [];
		const open = async (source: 'exam-video' | 'voice' | 'stethoscope', deviceId: string | undefined) => {
			if (!deviceId) return undefined;
			const track = await captureSource(source, deviceId);
			opened.push(track);
			return track;
		};
		Promise.all([open('exam-video', camera), open('voice', voice), open('stethoscope', stethoscope)]).then(([c, v, s]) => {
			if (!stopped) setTracks({ ...(c ? { camera: c } : {}), ...(v ? { voice: v } : {}), ...(s ? { stethoscope: s } : {}) });
		}, setDeviceError);
		return () => {
			stopped = true;
			for (const track of opened) track.stop();
		};
	}, [devices, camera, voice, stethoscope]);

	const runMediaTest = async () => {
		setMedia({ state: 'running', progress: 0 });
		try {
			const result = await probeWithFallback(workspace.connection.socket, (progress) => mounted.current && setMedia({ state: 'running', progress }));
			if (mounted.current) setMedia({ state: 'done', result });
		} catch (error) {
			if (mounted.current) setMedia({ state: 'done', result: undefined, error });
		}
	};

	const exportDiagnostics = async () => {
		const result = media.state === 'done' ? media.result : undefined;
		try {
			const saved = await getBridge().exportDiagnostics({
				...(server ? { server: { reachable: server.reachable, ...(server.roundTripMs !== undefined ? { roundTripMs: server.roundTripMs } : {}), ...(server.clockSkewMs !== undefined ? { clockSkewMs: server.clockSkewMs } : {}) } } : {}),
				...(result ? { media: { ...result, verdict: verdictOf(result).verdict } } : {}),
				...(media.state === 'done' && media.error !== undefined ? { mediaError: String((media.error as Error).message ?? media.error).slice(0, 500) } : {}),
				...(tone === 'heard' || tone === 'not-heard' ? { toneHeard: tone === 'heard' } : {}),
				...(devices ? { devices: { cameras: devices.cameras.length, microphones: devices.microphones.length } } : {}),
			});
			if (saved.saved) setExported({ file: saved.file });
		} catch {
			setExported('failed');
		}
	};

	const skewMinutes = server?.clockSkewMs === undefined ? 0 : Math.abs(server.clockSkewMs) / 60_000;
	const verdict = media.state === 'done' ? verdictOf(media.result) : undefined;
	return (
		<main className="check" data-testid="check-screen">
			<div className="section-head">
				<h1>{t('check.title')}</h1>
				<button type="button" className="secondary" onClick={onBack} data-testid="check-back">
					{t('check.back')}
				</button>
			</div>
			<ErrorBanner error={deviceError ?? listError} onDismiss={() => setDeviceError(undefined)} />
			<div className="check-grid">
				<section className="card" aria-labelledby="check-devices">
					<h2 id="check-devices">{t('check.devices')}</h2>
					<VideoView track={tracks.camera} source="exam-video" label={t('consultation.clinic.examPreview')} />
					<DevicePicker label={t('consultation.clinic.examCamera')} testId="check-camera" devices={devices?.cameras ?? []} value={camera} onChange={(id) => choose('exam-video', id)} />
					<DevicePicker label={t('captures.documentCamera')} testId="check-document" devices={devices?.cameras ?? []} value={chosen.document} onChange={(id) => choose('document', id)} />
					<DevicePicker label={t('consultation.clinic.voiceMicrophone')} testId="check-voice" devices={devices?.microphones ?? []} value={voice} onChange={(id) => choose('voice', id)} />
					<LevelMeter track={tracks.voice} label={t('consultation.clinic.voiceMicrophone')} testId="check-level-voice" />
					<DevicePicker label={t('consultation.clinic.stethoscopeInput')} testId="check-stethoscope" devices={devices?.microphones ?? []} value={stethoscope} onChange={(id) => choose('stethoscope', id)} />
					<LevelMeter track={tracks.stethoscope} label={t('consultation.clinic.stethoscope')} testId="check-level-stethoscope" gainHints />
					<p className="hint">{t('check.levelsHint')}</p>
				</section>

				<section className="card" aria-labelledby="check-sound">
					<h2 id="check-sound">{t('check.speaker')}</h2>
					<p className="hint">{t('check.speakerHint')}</p>
					<button type="button" data-testid="check-tone" disabled={tone === 'playing'} onClick={() => (setTone('playing'), void playTestTone().then(() => setTone('asked')))}>
						{tone === 'playing' ? t('check.tonePlaying') : t('check.playTone')}
					</button>
					{tone === 'asked' && (
						<div className="dialog-actions" role="group" aria-label={t('check.heardQuestion')}>
							<span>{t('check.heardQuestion')}</span>
							<button type="button" onClick={() => setTone('heard')}>{t('check.heardYes')}</button>
							<button type="button" className="secondary" onClick={() => setTone('not-heard')}>{t('check.heardNo')}</button>
						</div>
					)}
					{tone === 'heard' && <p className="notice">{t('check.toneOk')}</p>}
					{tone === 'not-heard' && <p className="notice warning-notice">{t('check.toneMissing')}</p>}

					<h2>{t('check.server')}</h2>
					<p data-testid="check-server" data-reachable={server?.reachable ?? ''}>
						{server === undefined
							? t('common.loading')
							: server.reachable
								? t('check.serverOk', { ms: Math.round(server.roundTripMs ?? 0) })
								: t('check.serverUnreachable')}
					</p>
					{skewMinutes >= 1 && <p className="notice warning-notice">{t('check.clockSkew', { minutes: Math.round(skewMinutes) })}</p>}
				</section>

				<section className="card" aria-labelledby="check-link">
					<h2 id="check-link">{t('check.link')}</h2>
					<p className="hint">{t('check.linkHint')}</p>
					<button type="button" data-testid="check-media" disabled={media.state === 'running'} onClick={() => void runMediaTest()}>
						{media.state === 'running' ? t('check.linkRunning') : t('check.linkRun')}
					</button>
					{media.state === 'running' && <progress max={1} value={media.progress} aria-label={t('check.linkRunning')} />}
					{media.state === 'done' && media.result && (
						<dl className="check-results" data-testid="check-results" data-path={media.result.path}>
							<dt>{t('check.path')}</dt>
							<dd>{media.result.path === 'udp' ? 'UDP' : 'TCP'}</dd>
							<dt>{t('check.roundTrip')}</dt>
							<dd data-testid="check-rtt">{t('check.ms', { value: media.result.roundTripMs })}</dd>
							<dt>{t('check.upload')}</dt>
							<dd data-testid="check-upload" data-kbps={media.result.uploadKbps}>
								{t('check.kbps', { value: media.result.uploadKbps })}
							</dd>
							<dt>{t('check.loss')}</dt>
							<dd>{t('check.percent', { value: media.result.lossPercent / 100 })}</dd>
						</dl>
					)}
					{verdict && (
						<div className={verdict.verdict === 'good' ? 'notice' : 'notice warning-notice'} role="status" data-testid="check-verdict" data-verdict={verdict.verdict}>
							<strong>{t(`check.verdict.${verdict.verdict}`)}</strong>
							{verdict.notes.map((note) => (
								<p key={note}>{t(`check.notes.${note}`, { ms: media.state === 'done' ? (media.result?.roundTripMs ?? 0) : 0 })}</p>
							))}
						</div>
					)}
					{media.state === 'done' && media.error !== undefined && <ErrorBanner error={media.error} />}
				</section>

				{getBridge().platform === 'electron' && (
					<section className="card" aria-labelledby="check-it">
						<h2 id="check-it">{t('check.forIt')}</h2>
						<p className="hint">{t('check.forItHint')}</p>
						<button type="button" className="secondary" data-testid="check-export" onClick={() => void exportDiagnostics()}>
							{t('check.export')}
						</button>
						{exported === 'failed' && <p className="notice warning-notice">{t('check.exportFailed')}</p>}
						{exported !== undefined && exported !== 'failed' && <p className="notice" data-testid="check-exported">{t('check.exported', { file: exported.file ?? '' })}</p>}
					</section>
				)}
			</div>
		</main>
	);
}
