import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ProtocolError, type AttachmentContentType } from '@consultdesk/protocol';
import exifBeGone from 'exif-be-gone';
import { imageSize } from 'image-size';

/*
 * What the server checks in an attachment's bytes before it keeps them: the
 * hash the uploader declared, that a still really is the JPEG or PNG it says
 * (and how large it is), that a clip is a RIFF/WAVE file (its rate and
 * length). Stills lose their EXIF, XMP and text chunks, and with them any
 * location a camera or phone wrote into them.
 */

export async function sha256OfFile(path: string): Promise<string> {
	const hash = createHash('sha256');
	await pipeline(createReadStream(path), hash);
	return hash.digest('hex');
}

export function sha256Of(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Copies a still without its EXIF/XMP (JPEG APP1) and tEXt/iTXt/zTXt/eXIf/tIME (PNG) metadata. */
export async function stripStillMetadata(from: string, to: string): Promise<void> {
	await pipeline(createReadStream(from), new ExifTransformer(), createWriteStream(to, { flags: 'wx' }));
}

// A CommonJS module whose module.exports is the class itself.
const ExifTransformer = exifBeGone as unknown as typeof exifBeGone.default;

const IMAGE_TYPES: Record<string, AttachmentContentType> = { jpg: 'image/jpeg', png: 'image/png' };

/** Width and height of a JPEG or PNG whose type matches `contentType`; UNSUPPORTED_MEDIA otherwise. */
export function inspectStill(bytes: Uint8Array, contentType: AttachmentContentType): { width: number; height: number } {
	let size: ReturnType<typeof imageSize>;
	try {
		size = imageSize(bytes);
	} catch {
		throw new ProtocolError('UNSUPPORTED_MEDIA', 'the still is not a readable JPEG or PNG image');
	}
	const actual = size.type ? IMAGE_TYPES[size.type] : undefined;
	if (actual !== contentType) throw new ProtocolError('UNSUPPORTED_MEDIA', `the still is ${size.type ?? 'unknown'}, not ${contentType}`);
	if (!size.width || !size.height) throw new ProtocolError('UNSUPPORTED_MEDIA', 'the still has no width or height');
	return { width: size.width, height: size.height };
}

/** PCM (1), IEEE float (3) or WAVE_FORMAT_EXTENSIBLE (0xFFFE): what a stethoscope records. */
const WAVE_FORMATS = new Set([1, 3, 0xfffe]);

/** Sample rate, channels and duration of a RIFF/WAVE file, read from its fmt and data chunks. */
export function inspectClip(bytes: Uint8Array): { sampleRate: number; channels: number; durationMs: number } {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
	if (bytes.byteLength < 44 || text(0) !== 'RIFF' || text(8) !== 'WAVE') throw new ProtocolError('UNSUPPORTED_MEDIA', 'the clip is not a RIFF/WAVE file');
	let format: { audioFormat: number; channels: number; sampleRate: number; byteRate: number } | undefined;
	let offset = 12;
	while (offset + 8 <= bytes.byteLength) {
		const id = text(offset);
		const size = view.getUint32(offset + 4, true);
		const body = offset + 8;
		if (id === 'fmt ') {
			if (size < 16 || body + 16 > bytes.byteLength) break;
			format = { audioFormat: view.getUint16(body, true), channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), byteRate: view.getUint32(body + 8, true) };
		} else if (id === 'data') {
			if (!format) break;
			if (!WAVE_FORMATS.has(format.audioFormat) || format.channels < 1 || format.sampleRate < 1000 || format.byteRate < 1) {
				throw new ProtocolError('UNSUPPORTED_MEDIA', 'the clip is not uncompressed PCM audio');
			}
			const dataBytes = Math.min(size, bytes.byteLength - body);
			return { sampleRate: format.sampleRate, channels: format.channels, durationMs: Math.max(1, Math.round((dataBytes / format.byteRate) * 1000)) };
		}
		// Chunks are padded to an even length.
		offset = body + size + (size % 2);
	}
	throw new ProtocolError('UNSUPPORTED_MEDIA', 'the clip has no fmt and data chunks');
}
