import { clipMetadataSchema, ProtocolError, type ClipMetadata } from '@consultdesk/protocol';
import * as wavefile from 'wavefile';

/** Vite loads wavefile's ES build (WaveFile by name); Node's ESM loader gets its CommonJS build, whose exports arrive as the default. */
const WaveFile: typeof wavefile.WaveFile = wavefile.WaveFile ?? (wavefile as unknown as { default: typeof wavefile }).default.WaveFile;

/*
 * A stethoscope clip as a WAV file: 48 kHz 32-bit float PCM (the Web Audio
 * samples exactly, nothing rounded away), its label in the LIST/INFO comment
 * as JSON, so the file alone says where, when and from which device rate it
 * was recorded.
 */

const COMMENT_PREFIX = 'consultdesk-clip/1 ';

/** JSON with every non-ASCII character escaped: a RIFF INFO string is bytes, counted as such. */
function asciiJson(value: unknown): string {
	return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function encodeClipWav(channels: readonly Float32Array[], metadata: ClipMetadata): Uint8Array {
	if (channels.length !== metadata.channels) throw new RangeError(`${channels.length} channels for a ${metadata.channels}-channel clip`);
	const wav = new WaveFile();
	const samples = channels.map((c) => Float64Array.from(c));
	wav.fromScratch(channels.length, metadata.sampleRate, '32f', channels.length === 1 ? samples[0]! : samples);
	wav.setTag('ICMT', COMMENT_PREFIX + asciiJson(clipMetadataSchema.parse(metadata)));
	return wav.toBuffer();
}

export interface DecodedClip {
	sampleRate: number;
	channels: Float32Array[];
	metadata: ClipMetadata;
}

/** Reads a clip file back; a file without a valid label is refused with INVALID_PAYLOAD. */
export function decodeClipWav(bytes: Uint8Array): DecodedClip {
	const wav = new WaveFile();
	try {
		wav.fromBuffer(bytes);
	} catch (error) {
		throw new ProtocolError('INVALID_PAYLOAD', `not a WAV file: ${(error as Error).message}`);
	}
	const comment = wav.getTag('ICMT') ?? '';
	if (!comment.startsWith(COMMENT_PREFIX)) throw new ProtocolError('INVALID_PAYLOAD', 'the WAV file carries no clip label');
	let label: unknown;
	try {
		label = JSON.parse(comment.slice(COMMENT_PREFIX.length));
	} catch {
		throw new ProtocolError('INVALID_PAYLOAD', 'the clip label is not JSON');
	}
	const parsed = clipMetadataSchema.safeParse(label);
	if (!parsed.success) throw new ProtocolError('INVALID_PAYLOAD', `the clip label is invalid: ${parsed.error.issues[0]?.message ?? ''}`);
	const fmt = wav.fmt as { sampleRate: number; numChannels: number };
	const raw = wav.getSamples(false, Float32Array as unknown as Parameters<wavefile.WaveFile['getSamples']>[1]) as unknown as Float32Array | Float32Array[];
	const channels = fmt.numChannels === 1 ? [raw as Float32Array] : [...(raw as Float32Array[])];
	return { sampleRate: fmt.sampleRate, channels, metadata: parsed.data };
}
