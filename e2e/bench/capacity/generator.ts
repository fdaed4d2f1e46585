// Capacity bench helper process: replays the captured VP8 and Opus RTP packets
// into the producers' PlainTransports at the pace of their RTP timestamps,
// looping each clip with continuous sequence numbers, timestamps and VP8
// picture ids, under each producer's own SSRC. Started by capacity-bench.ts
// with fork(); argv[2] is the clip directory.
import dgram from 'node:dgram';
import { loadClips, type Clip, type GeneratorReply, type GeneratorRequest, type SendTarget } from './clips.js';

const clips = loadClips(process.argv[2]!);
const socket = dgram.createSocket('udp4');
await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
socket.setSendBufferSize(4 * 1024 * 1024);
// The workers' RTCP receiver reports come back here; nothing to do with them.
socket.on('message', () => undefined);

interface Stream {
	clip: Clip;
	port: number;
	ssrc: number;
	/** Loop and packet index of the next packet. */
	loop: number;
	index: number;
	seqBase: number;
	tsBase: number;
	pictureIdBase: number;
	/** performance.now() at which the clip's time `offset` is due. */
	t0: number;
	offset: number;
}

let streams: Stream[] = [];
let timer: NodeJS.Timeout | undefined;
let sent = 0;
let maxLateMs = 0;

const random32 = () => Math.floor(Math.random() * 0x1_0000_0000);

function startStreams(targets: SendTarget[]): void {
	const now = performance.now();
	streams = targets.flatMap((target) =>
		target.streams.map((s) => {
			const clip = clips[s.clip];
			const offset = target.offset % clip.duration;
			const index = Math.max(0, clip.times.findIndex((t) => t >= offset));
			return { clip, port: target.port, ssrc: s.ssrc, loop: 0, index, seqBase: random32() & 0xffff, tsBase: random32(), pictureIdBase: random32() & 0x7fff, t0: now, offset };
		}),
	);
}

/** When a stream's next packet is due, as performance.now(). */
const dueAt = (s: Stream) => s.t0 + (s.loop * s.clip.duration + s.clip.times[s.index]! - s.offset) * 1000;

function sendNext(s: Stream): void {
	const { clip } = s;
	const original = clip.packets[s.index]!;
	const packet = Buffer.allocUnsafe(original.length);
	original.copy(packet);
	const n = clip.packets.length;
	packet.writeUInt16BE((s.seqBase + s.loop * n + s.index) & 0xffff, 2);
	const ts0 = clip.packets[0]!.readUInt32BE(4);
	const mediaTs = (original.readUInt32BE(4) - ts0) >>> 0;
	packet.writeUInt32BE((s.tsBase + Math.round(s.loop * clip.duration * clip.clockRate) + mediaTs) >>> 0, 4);
	packet.writeUInt32BE(s.ssrc, 8);
	// VP8 payload descriptor as ffmpeg writes it: X, then I, then a 15-bit picture id.
	if (clip.kind === 'video' && packet[12]! & 0x80 && packet[13]! & 0x80 && packet[14]! & 0x80) {
		packet.writeUInt16BE(0x8000 | ((s.pictureIdBase + s.loop * clip.frameCount + clip.frames[s.index]!) & 0x7fff), 14);
	}
	socket.send(packet, s.port, '127.0.0.1');
	sent++;
	s.index++;
	if (s.index === n) {
		s.index = 0;
		s.loop++;
	}
}

/** Later than this, a stream does not catch up in a burst: it continues from now, as a stalled sender would. */
const REBASE_AFTER_MS = 40;

function tick(): void {
	const now = performance.now();
	for (const s of streams) {
		// Bounded per tick, too.
		for (let k = 0; k < 100; k++) {
			const due = dueAt(s);
			if (due > now) break;
			const late = now - due;
			maxLateMs = Math.max(maxLateMs, late);
			if (late > REBASE_AFTER_MS) s.t0 += late;
			sendNext(s);
		}
	}
	timer = setTimeout(tick, 1);
}

const reply = (message: GeneratorReply) => process.send!(message);

process.on('message', (message: GeneratorRequest) => {
	if (message.type === 'start') {
		sent = 0;
		maxLateMs = 0;
		startStreams(message.targets);
		clearTimeout(timer);
		tick();
		reply({ type: 'started' });
	} else if (message.type === 'stop') {
		clearTimeout(timer);
		timer = undefined;
		streams = [];
		reply({ type: 'stopped', sent, maxLateMs: Math.round(maxLateMs * 10) / 10 });
	}
});
process.on('disconnect', () => {
	clearTimeout(timer);
	socket.close();
});
