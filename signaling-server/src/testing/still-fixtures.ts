/*
 * Stills for tests of the attachment path: a real (tiny) JPEG, and the same
 * JPEG with an EXIF block carrying a GPS position, built byte by byte here so
 * the test knows exactly what must be stripped.
 */

/** A 16×8 baseline JPEG (made once with ffmpeg), decodable by any viewer. */
export const TINY_JPEG = Buffer.from(
	'/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiokJCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAABgcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAIABADASIAAhEAAxEA/9oADAMBAAIRAxEAPwCLAFF/f//Z',
	'base64',
);

/**
 * An EXIF APP1 segment as a phone writes it, with a GPS IFD: latitude
 * 11°33'N, longitude 104°55'E (Phnom Penh), little-endian TIFF.
 */
export function gpsExifSegment(): Buffer {
	const tiff = Buffer.alloc(200);
	tiff.write('II', 0, 'latin1');
	tiff.writeUInt16LE(42, 2);
	tiff.writeUInt32LE(8, 4); // IFD0 at 8
	// IFD0: one entry, GPSInfo (0x8825) → GPS IFD at 26.
	tiff.writeUInt16LE(1, 8);
	tiff.writeUInt16LE(0x8825, 10);
	tiff.writeUInt16LE(4, 12); // LONG
	tiff.writeUInt32LE(1, 14);
	tiff.writeUInt32LE(26, 18);
	tiff.writeUInt32LE(0, 22); // no next IFD
	// GPS IFD at 26: LatitudeRef, Latitude, LongitudeRef, Longitude.
	const entries: [number, number, number, number | string][] = [
		[1, 2, 2, 'N'],
		[2, 5, 3, 100],
		[3, 2, 2, 'E'],
		[4, 5, 3, 124],
	];
	tiff.writeUInt16LE(entries.length, 26);
	entries.forEach(([tag, type, count, value], i) => {
		const at = 28 + i * 12;
		tiff.writeUInt16LE(tag, at);
		tiff.writeUInt16LE(type, at + 2);
		tiff.writeUInt32LE(count, at + 4);
		if (typeof value === 'string') tiff.write(`${value}\0`, at + 8, 'latin1');
		else tiff.writeUInt32LE(value, at + 8);
	});
	tiff.writeUInt32LE(0, 28 + entries.length * 12);
	const rationals = (at: number, [d, m, s]: number[]) => [d, m, s].forEach((v, i) => {
		tiff.writeUInt32LE(v!, at + i * 8);
		tiff.writeUInt32LE(1, at + i * 8 + 4);
	});
	rationals(100, [11, 33, 0]);
	rationals(124, [104, 55, 0]);
	const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff.subarray(0, 148)]);
	const header = Buffer.from([0xff, 0xe1, 0, 0]);
	header.writeUInt16BE(body.length + 2, 2);
	return Buffer.concat([header, body]);
}

/** The tiny JPEG with the GPS EXIF segment right after its start-of-image marker. */
export const jpegWithGps = () => Buffer.concat([TINY_JPEG.subarray(0, 2), gpsExifSegment(), TINY_JPEG.subarray(2)]);

