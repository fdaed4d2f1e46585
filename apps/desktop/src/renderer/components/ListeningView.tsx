import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClipLabel } from '../auscultation/clip-recorder.js';
import type { ClipShelf, ShelvedClip } from '../auscultation/clip-shelf.js';
import { ListeningDisplay } from '../auscultation/listening-display.js';
import { LISTENING_MODE_NAMES, LISTENING_MODES, MAX_GAIN_DB, type ListeningMode } from '../auscultation/listening-filters.js';
import { canChooseOutput, OutputPreferences } from '../auscultation/output-preferences.js';
import { StethoscopeListening } from '../auscultation/stethoscope-listening.js';
import { decodeClipWav } from '../auscultation/wav-clip.js';
import type { ConsultationAttachments } from '../records/consultation-attachments.js';
import { ArrivedClipList } from './ArrivedClipList.js';
import { ClipList } from './ClipList.js';
import { ClipRecordButton } from './ClipRecordButton.js';
import { LevelMeter } from './LevelMeter.js';

const outputPreferences = new OutputPreferences();
const SYSTEM_DEFAULT = { deviceId: 'default', label: '' };

type AudioWithSink = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * The expert's stethoscope: what arrives goes through the chosen listening
 * filter, gain and limiter to the chosen output device, and is drawn as a
 * phonocardiogram and a spectrogram. The expert can record a clip of what
 * arrived and play any clip back through the same filters and pictures.
 */
export function ListeningView({
	track,
	shelf,
	label,
	canRecord,
	arrived,
}: {
	track: MediaStreamTrack | undefined;
	shelf: ClipShelf;
	label: ClipLabel;
	canRecord: boolean;
	/** The clinic's clips of this consultation as the server holds them. */
	arrived?: ConsultationAttachments | undefined;
}) {
	const { t } = useTranslation();
	const [listening, setListening] = useState<StethoscopeListening>();
	const [mode, setMode] = useState<ListeningMode>('wide');
	const [gainDb, setGainDb] = useState(0);
	const [volume, setVolume] = useState(1);
	const [outputs, setOutputs] = useState<MediaDeviceInfo[]>([]);
	const [output, setOutput] = useState('');
	/** Counts confirmations made here, so the remembered check is read again after one. */
	const [confirmations, setConfirmations] = useState(0);
	const [sweeping, setSweeping] = useState(false);
	const [playing, setPlaying] = useState<string>();
	const [problem, setProblem] = useState<unknown>();
	const raw = useRef<HTMLAudioElement>(null);
	const heard = useRef<AudioWithSink>(null);
	const wave = useRef<HTMLCanvasElement>(null);
	const spectrum = useRef<HTMLCanvasElement>(null);

	useEffect(() => {
		let current = true;
		let made: StethoscopeListening | undefined;
		void StethoscopeListening.create().then((created) => {
			made = created;
			if (current) setListening(created);
			else created.close();
		});
		return () => {
			current = false;
			made?.close();
		};
	}, []);

	// Chromium feeds a remote track to Web Audio only while a media element plays it: this one, muted.
	useEffect(() => {
		if (raw.current) raw.current.srcObject = track ? new MediaStream([track]) : null;
		listening?.setLiveTrack(track);
	}, [listening, track]);

	useEffect(() => {
		if (!listening || !wave.current || !spectrum.current) return;
		const display = new ListeningDisplay(listening, wave.current, spectrum.current);
		return () => display.stop();
	}, [listening]);

	useEffect(() => {
		if (heard.current && listening) heard.current.srcObject = listening.outputStream;
	}, [listening]);
	useEffect(() => listening?.setMode(mode), [listening, mode]);
	useEffect(() => listening?.setGainDb(gainDb), [listening, gainDb]);
	useEffect(() => {
		if (heard.current) heard.current.volume = volume;
	}, [volume]);

	// Outputs: the remembered one if present (by id, then label), re-matched when devices change.
	useEffect(() => {
		let current = true;
		const refresh = () =>
			navigator.mediaDevices.enumerateDevices().then((all) => {
				if (!current) return;
				const found = all.filter((d) => d.kind === 'audiooutput');
				setOutputs(found);
				setOutput(outputPreferences.chosen(found));
			}, setProblem);
		void refresh();
		navigator.mediaDevices.addEventListener('devicechange', refresh);
		return () => {
			current = false;
			navigator.mediaDevices.removeEventListener('devicechange', refresh);
		};
	}, []);

	const outputDevice = outputs.find((d) => d.deviceId === output) ?? SYSTEM_DEFAULT;
	// `confirmations` is a dependency only so the storage is read again after the expert confirms.
	const checked = useMemo(() => confirmations >= 0 && outputPreferences.checked(outputDevice), [outputDevice, confirmations]);
	useEffect(() => {
		const element = heard.current;
		if (element?.setSinkId && canChooseOutput()) element.setSinkId(output).catch(setProblem);
	}, [output, outputDevice]);

	const chooseOutput = (deviceId: string) => {
		const device = outputs.find((d) => d.deviceId === deviceId);
		if (device) outputPreferences.choose(device);
		setOutput(deviceId);
	};

	const playClip = async (clip: ShelvedClip) => {
		if (!listening) return;
		try {
			const decoded = decodeClipWav(new Uint8Array(await clip.blob.arrayBuffer()));
			setPlaying(clip.metadata.clipId);
			listening.playClip(decoded.channels, decoded.sampleRate, () => setPlaying(undefined));
		} catch (error) {
			setProblem(error);
		}
	};

	return (
		<section className="listening card" data-testid="listening" data-mode={mode} data-gain-db={gainDb} data-playing-clip={playing ?? ''}>
			<h3>{t('auscultation.listening.title')}</h3>
			<audio ref={raw} data-source="stethoscope" autoPlay muted />
			<audio ref={heard} data-source="stethoscope-listening" autoPlay />
			<LevelMeter track={track} label={t('consultation.expert.stethoscope')} testId="level-stethoscope" />
			{!track && <p className="hint">{t('media.waiting', { label: t('consultation.expert.stethoscope') })}</p>}
			<figure className="phonocardiogram">
				<canvas ref={wave} width={600} height={120} data-testid="phonocardiogram" aria-label={t('auscultation.listening.phonocardiogram')} />
				<figcaption>{t('auscultation.listening.phonocardiogramCaption')}</figcaption>
			</figure>
			<figure className="spectrogram">
				<canvas ref={spectrum} width={600} height={160} data-testid="spectrogram" aria-label={t('auscultation.listening.spectrogram')} />
				<figcaption>{t('auscultation.listening.spectrogramCaption')}</figcaption>
			</figure>
			<fieldset className="listening-modes">
				<legend>{t('auscultation.listening.filter')}</legend>
				{LISTENING_MODE_NAMES.map((name) => (
					<label key={name}>
						<input type="radio" name="listening-mode" value={name} checked={mode === name} data-testid={`listening-mode-${name}`} onChange={() => setMode(name)} />
						{t(`auscultation.listening.modes.${name}`, { low: LISTENING_MODES[name].highPassHz, high: LISTENING_MODES[name].lowPassHz })}
					</label>
				))}
			</fieldset>
			<label className="field">
				<span>{t('auscultation.listening.gain')}</span>
				<input type="range" min={0} max={MAX_GAIN_DB} step={1} value={gainDb} data-testid="listening-gain" onChange={(e) => setGainDb(Number(e.target.value))} />
				<output>{t('auscultation.listening.gainValue', { gain: gainDb })}</output>
			</label>
			<label className="field">
				<span>{t('media.volume', { label: t('consultation.expert.stethoscope') })}</span>
				<input type="range" min={0} max={1} step={0.05} value={volume} data-testid="volume-stethoscope" onChange={(e) => setVolume(Number(e.target.value))} />
				<output>{t('media.volumeValue', { volume })}</output>
			</label>
			{canChooseOutput() && (
				<label className="field">
					<span>{t('auscultation.listening.output')}</span>
					<select data-testid="listening-output" value={output} onChange={(e) => chooseOutput(e.target.value)}>
						<option value="">{t('auscultation.listening.systemOutput')}</option>
						{outputs
							.filter((d) => d.deviceId !== 'default' && d.deviceId !== '')
							.map((d, i) => (
								<option key={d.deviceId} value={d.deviceId}>
									{d.label || t('media.device', { number: i + 1 })}
								</option>
							))}
					</select>
				</label>
			)}
			<div className={checked ? 'headphone-check' : 'headphone-check warning'} data-testid="headphone-check" data-checked={checked ? 'true' : 'false'}>
				<p>{checked ? t('auscultation.headphones.checked') : t('auscultation.headphones.needed')}</p>
				<button
					type="button"
					className="secondary"
					data-testid="headphone-check-play"
					disabled={!listening || sweeping}
					onClick={() => {
						setSweeping(true);
						void listening?.playSweep().finally(() => setSweeping(false));
					}}
				>
					{sweeping ? t('auscultation.headphones.playing') : t('auscultation.headphones.play')}
				</button>
				{!checked && (
					<button
						type="button"
						data-testid="headphone-check-heard"
						onClick={() => {
							outputPreferences.confirmHeard(outputDevice);
							setConfirmations((n) => n + 1);
						}}
					>
						{t('auscultation.headphones.heard')}
					</button>
				)}
			</div>
			{problem !== undefined && (
				<p className="warning" role="status">
					{t('auscultation.listening.problem')}
				</p>
			)}
			{canRecord && <ClipRecordButton shelf={shelf} track={track} label={label} />}
			<ClipList shelf={shelf} onPlay={(clip) => void playClip(clip)} />
			{arrived && <ArrivedClipList clips={arrived} onPlay={(clip) => void playClip(clip)} />}
			{playing && (
				<button type="button" className="secondary" data-testid="clip-stop" onClick={() => (listening?.stopClip(), setPlaying(undefined))}>
					{t('auscultation.recording.backToLive')}
				</button>
			)}
		</section>
	);
}
