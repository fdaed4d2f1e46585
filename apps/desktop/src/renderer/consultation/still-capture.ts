/*
 * A still from a camera track at the camera's full resolution. Where the
 * browser and camera support it, ImageCapture.takePhoto() asks the camera
 * itself for a photo (full sensor resolution, the camera's own JPEG);
 * otherwise grabFrame() takes the current frame of the track, encoded here
 * losslessly as PNG so fine print survives.
 */

export interface Still {
	blob: Blob;
	contentType: 'image/jpeg' | 'image/png';
	width: number;
	height: number;
	/** How it was taken, for the record and the tests. */
	method: 'takePhoto' | 'grabFrame';
}

interface ImageCaptureLike {
	takePhoto(settings?: { imageWidth?: number; imageHeight?: number }): Promise<Blob>;
	getPhotoCapabilities?(): Promise<{ imageWidth?: { max?: number }; imageHeight?: { max?: number } }>;
	grabFrame(): Promise<ImageBitmap>;
}

type ImageCaptureConstructor = new (track: MediaStreamTrack) => ImageCaptureLike;

function imageCaptureFor(track: MediaStreamTrack): ImageCaptureLike | undefined {
	const Capture = (globalThis as unknown as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
	return Capture ? new Capture(track) : undefined;
}

/** Takes a still; `preferPhoto: false` skips takePhoto (its JPEG is re-encoded by the camera driver). */
export async function takeStill(track: MediaStreamTrack, options: { preferPhoto?: boolean } = {}): Promise<Still> {
	const capture = imageCaptureFor(track);
	if (capture && options.preferPhoto !== false) {
		try {
			const capabilities = await capture.getPhotoCapabilities?.().catch(() => undefined);
			const width = capabilities?.imageWidth?.max;
			const height = capabilities?.imageHeight?.max;
			const blob = await capture.takePhoto(width && height ? { imageWidth: width, imageHeight: height } : undefined);
			const type = blob.type === 'image/png' ? 'image/png' : blob.type === 'image/jpeg' ? 'image/jpeg' : undefined;
			if (type) {
				const bitmap = await createImageBitmap(blob);
				const still: Still = { blob, contentType: type, width: bitmap.width, height: bitmap.height, method: 'takePhoto' };
				bitmap.close();
				return still;
			}
		} catch {
			// Many webcams and virtual cameras do not take photos: use a frame of the video instead.
		}
	}
	return grabStill(track, capture);
}

async function grabStill(track: MediaStreamTrack, capture: ImageCaptureLike | undefined): Promise<Still> {
	const bitmap = capture ? await capture.grabFrame() : await frameFromVideo(track);
	try {
		const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('no 2D canvas');
		context.drawImage(bitmap, 0, 0);
		const blob = await canvas.convertToBlob({ type: 'image/png' });
		return { blob, contentType: 'image/png', width: bitmap.width, height: bitmap.height, method: 'grabFrame' };
	} finally {
		bitmap.close();
	}
}

/** Without ImageCapture (Firefox): the frame a video element shows. */
async function frameFromVideo(track: MediaStreamTrack): Promise<ImageBitmap> {
	const video = document.createElement('video');
	video.muted = true;
	video.srcObject = new MediaStream([track]);
	await video.play();
	try {
		return await createImageBitmap(video);
	} finally {
		video.pause();
		video.srcObject = null;
	}
}
