import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jpegWithGps, TINY_JPEG } from '../testing/still-fixtures.js';
import { inspectClip, inspectStill, stripStillMetadata } from './attachment-content.js';

/** A 4×2 PNG (made once with ffmpeg): IHDR, pHYs, IDAT, IEND. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAACXBIWXMAAAABAAAAAQBPJcTWAAAAD0lEQVR4nGNgYPiHhJA4AF9aB/FVMRRoAAAAAElFTkSuQmCC', 'base64');

/** A PNG chunk with its length and CRC, as the specification lays it out. */
function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body) >>> 0);
	return Buffer.concat([length, body, crc]);
}

/** The PNG with an eXIf chunk (the EXIF TIFF of the GPS JPEG) and a tEXt location note before its image data. */
function pngWithMetadata(): Buffer {
	const tiff = jpegWithGps().subarray(2 + 4 + 6, 2 + 4 + 6 + 148);
	const ihdrEnd = 8 + 12 + 13;
	return Buffer.concat([TINY_PNG.subarray(0, ihdrEnd), chunk('eXIf', tiff), chunk('tEXt', Buffer.from('Location\0Kampong Cham 11.99N 105.46E', 'latin1')), TINY_PNG.subarray(ihdrEnd)]);
}

async function stripped(bytes: Buffer): Promise<Buffer> {
	const dir = mkdtempSync(join(tmpdir(), 'consultdesk-strip-'));
	writeFileSync(join(dir, 'in'), bytes);
	await stripStillMetadata(join(dir, 'in'), join(dir, 'out'));
	return readFileSync(join(dir, 'out'));
}

describe('attachment content', () => {
	it('strips EXIF and text chunks with a location from a PNG, leaving the image as it was', async () => {
		const withMetadata = pngWithMetadata();
		expect(inspectStill(withMetadata, 'image/png')).toEqual({ width: 4, height: 2 });
		const clean = await stripped(withMetadata);
		expect(clean.includes(Buffer.from('eXIf', 'latin1'))).toBe(false);
		expect(clean.includes(Buffer.from('Kampong', 'latin1'))).toBe(false);
		expect(clean.equals(TINY_PNG)).toBe(true);
	});

	it('strips the GPS EXIF block from a JPEG and nothing else', async () => {
		expect((await stripped(jpegWithGps())).equals(TINY_JPEG)).toBe(true);
	});

	it('measures a still, and refuses one that is not the type it claims', () => {
		expect(inspectStill(TINY_JPEG, 'image/jpeg')).toEqual({ width: 16, height: 8 });
		expect(() => inspectStill(TINY_PNG, 'image/jpeg')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA' }));
		expect(() => inspectStill(Buffer.from('GIF89a'), 'image/png')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA' }));
	});

	it('reads a WAV clip\'s rate and length past other chunks, and refuses what is not PCM WAVE', () => {
		const fmt = Buffer.alloc(24);
		fmt.write('fmt ', 0, 'latin1');
		fmt.writeUInt32LE(16, 4);
		fmt.writeUInt16LE(1, 8);
		fmt.writeUInt16LE(2, 10);
		fmt.writeUInt32LE(44_100, 12);
		fmt.writeUInt32LE(44_100 * 4, 16);
		fmt.writeUInt16LE(4, 20);
		fmt.writeUInt16LE(16, 22);
		const list = Buffer.concat([Buffer.from('LIST', 'latin1'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0', 'latin1')]);
		const data = Buffer.concat([Buffer.from('data', 'latin1'), Buffer.from([0x10, 0xb1, 0x02, 0]), Buffer.alloc(44_100 * 4)]);
		const riff = (body: Buffer, format = 'WAVE') => Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([0, 0, 0, 0]), Buffer.from(format, 'latin1'), body]);
		expect(inspectClip(riff(Buffer.concat([fmt, list, data])))).toEqual({ sampleRate: 44_100, channels: 2, durationMs: 1000 });
		expect(() => inspectClip(riff(Buffer.concat([fmt, data]), 'AVI '))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA' }));
		const mp3ish = Buffer.from(fmt);
		mp3ish.writeUInt16LE(0x55, 8);
		expect(() => inspectClip(riff(Buffer.concat([mp3ish, data])))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA' }));
	});
});
