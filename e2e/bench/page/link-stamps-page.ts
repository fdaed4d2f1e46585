// Installed before the app in the link-profile benchmark's pages (bundled by
// link-profiles-bench.ts, after a line that sets window.__stampRole). At the
// clinic every camera track the app asks for comes back with the frame
// counter drawn over its picture; at the expert the counter of every exam
// video frame presented is read. The app itself is unchanged.
import { drawnStamps, readStamps, stampedVideo } from './frame-stamps.js';

interface StampsWindow {
	__stampRole?: 'clinic' | 'expert';
	__stampsSeen?: [number, number][];
	__stampsDrawn?: () => Record<string, number>;
}
const w = window as unknown as StampsWindow;

if (w.__stampRole === 'clinic') {
	const media = navigator.mediaDevices;
	const original = media.getUserMedia.bind(media);
	media.getUserMedia = async (constraints?: MediaStreamConstraints) => {
		const stream = await original(constraints);
		const [camera] = stream.getVideoTracks();
		if (!camera) return stream;
		const { width = 1280, height = 720 } = camera.getSettings();
		return new MediaStream([...stream.getAudioTracks(), stampedVideo(width, height, camera).track]);
	};
	w.__stampsDrawn = drawnStamps;
}

if (w.__stampRole === 'expert') {
	const seen: [number, number][] = [];
	w.__stampsSeen = seen;
	const watched = new WeakSet<Element>();
	new MutationObserver(() => {
		for (const video of document.querySelectorAll<HTMLVideoElement>('video[data-source="exam-video"]')) {
			if (watched.has(video)) continue;
			watched.add(video);
			readStamps(video, (value, at) => seen.push([value, at]));
		}
	}).observe(document, { childList: true, subtree: true });
}
