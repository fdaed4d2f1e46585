// Glass-to-glass video latency, inside benchmark pages: the sender draws a
// frame counter as a strip of 16 black/white blocks across the top of each
// frame and notes when each value was drawn; the receiver reads the counter
// of every frame it presents. Both sides use the wall clock with
// sub-millisecond resolution (performance.timeOrigin + now), so two Chromium
// processes on one machine can be compared.

const BITS = 16;

export const wallClockNow = (): number => performance.timeOrigin + performance.now();

/** When each counter value was drawn, on the wall clock: one counter per page, whatever number of tracks draw it. */
const drawnAt = new Map<number, number>();
let counter = 0;

export function drawnStamps(): Record<string, number> {
	return Object.fromEntries(drawnAt);
}

export interface StampedVideo {
	track: MediaStreamTrack;
	stop(): void;
}

/**
 * A video track of `width`×`height` at 30 fps showing the counter strip;
 * over `source`'s picture when given (a camera keeps its content, and so its
 * bit rate), over grey otherwise.
 */
export function stampedVideo(width: number, height: number, source?: MediaStreamTrack): StampedVideo {
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d')!;
	const picture = source ? playing(source) : undefined;
	const block = width / BITS;
	const draw = (): void => {
		counter = (counter + 1) % 65536;
		if (picture && picture.videoWidth > 0) ctx.drawImage(picture, 0, 0, width, height);
		else {
			ctx.fillStyle = '#808080';
			ctx.fillRect(0, 0, width, height);
		}
		for (let b = 0; b < BITS; b++) {
			ctx.fillStyle = (counter >> b) & 1 ? '#fff' : '#000';
			ctx.fillRect(b * block, 0, block, block * 2);
		}
		drawnAt.set(counter, wallClockNow());
	};
	draw();
	const timer = setInterval(draw, 1000 / 30);
	const track = canvas.captureStream(30).getVideoTracks()[0]!;
	const stop = (): void => {
		clearInterval(timer);
		source?.stop();
	};
	// The app stops the track it was given; the drawing and the camera stop with it.
	const stopTrack = track.stop.bind(track);
	track.stop = () => {
		stop();
		stopTrack();
	};
	return { track, stop };
}

/** Calls `onFrame(counter, presentedAt)` for every frame `video` presents, until the element is removed. */
export function readStamps(video: HTMLVideoElement, onFrame: (counter: number, presentedAt: number) => void): void {
	const canvas = document.createElement('canvas');
	const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
	const next = (presentedAt: number): void => {
		if (video.videoWidth > 0) {
			canvas.width = video.videoWidth;
			canvas.height = video.videoHeight;
			ctx.drawImage(video, 0, 0);
			const block = video.videoWidth / BITS;
			let value = 0;
			for (let b = 0; b < BITS; b++) {
				const [r] = ctx.getImageData(Math.round((b + 0.5) * block), Math.round(block), 1, 1).data;
				if ((r ?? 0) > 128) value |= 1 << b;
			}
			onFrame(value, performance.timeOrigin + presentedAt);
		}
		if (video.isConnected) video.requestVideoFrameCallback((t) => next(t));
	};
	video.requestVideoFrameCallback((t) => next(t));
}

/** Latencies (ms) of presented frames whose counter was drawn; implausible matches (a wrapped counter) left out. */
export function stampLatencies(seen: readonly (readonly [number, number])[], drawnAt: Readonly<Record<string, number>>): number[] {
	return seen.flatMap(([value, presentedAt]) => {
		const drawn = drawnAt[value];
		const latency = drawn === undefined ? NaN : presentedAt - drawn;
		return latency > 0 && latency < 5000 ? [latency] : [];
	});
}

function playing(track: MediaStreamTrack): HTMLVideoElement {
	const video = document.createElement('video');
	video.muted = true;
	video.srcObject = new MediaStream([track]);
	void video.play();
	return video;
}
