import type { MediaSource } from '@consultdesk/protocol';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LevelMeter } from './LevelMeter.js';

function useStream<E extends HTMLMediaElement>(track: MediaStreamTrack | undefined) {
	const ref = useRef<E>(null);
	useEffect(() => {
		const element = ref.current;
		if (!element) return;
		element.srcObject = track ? new MediaStream([track]) : null;
	}, [track]);
	return ref;
}

export function VideoView({ track, source, label, notice }: { track: MediaStreamTrack | undefined; source: MediaSource; label: string; notice?: string | undefined }) {
	const { t } = useTranslation();
	const ref = useStream<HTMLVideoElement>(track);
	return (
		<figure className="video">
			<video ref={ref} data-source={source} autoPlay playsInline muted />
			{notice && (
				<p className="video-notice" role="status" data-testid={`video-notice-${source}`}>
					{notice}
				</p>
			)}
			<figcaption>{track ? label : t('media.waiting', { label })}</figcaption>
		</figure>
	);
}

/** A remote audio source with its own volume, as the expert hears it. */
export function RemoteAudio(props: {
	track: MediaStreamTrack | undefined;
	source: MediaSource;
	label: string;
	volume: number;
	onVolume: (volume: number) => void;
}) {
	const { t } = useTranslation();
	const ref = useStream<HTMLAudioElement>(props.track);
	useEffect(() => {
		if (ref.current) ref.current.volume = props.volume;
	}, [props.volume, ref]);
	return (
		<div className="remote-audio">
			<audio ref={ref} data-source={props.source} autoPlay />
			<label className="field">
				<span>
					{props.label} {props.track ? '' : t('media.notConnected')}
				</span>
				<input
					type="range"
					min={0}
					max={1}
					step={0.05}
					value={props.volume}
					data-testid={`volume-${props.source}`}
					aria-label={t('media.volume', { label: props.label })}
					onChange={(e) => props.onVolume(Number(e.target.value))}
				/>
				<output>{t('media.volumeValue', { volume: props.volume })}</output>
			</label>
			<LevelMeter track={props.track} label={props.label} testId={`level-${props.source}`} />
		</div>
	);
}
