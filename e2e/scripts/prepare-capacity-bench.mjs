#!/usr/bin/env node
// What the capacity benchmark needs: Debian's ffmpeg (installed here when
// missing, as root) and real encoded media as RTP packets. The clips are
// encoded once with ffmpeg (VP8 with libvpx, Opus with libopus), then streamed
// with `-c copy` into RTP (ffmpeg's own RFC 7741 / RFC 7587 packetizers) and
// captured here, packet by packet, into a cache directory keyed by the
// encoding settings. The benchmark's generator replays those packets.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Messages go to stderr; with --print-dir, stdout is only the media directory.
const say = (m) => console.error(`[capacity] ${m}`);
const die = (m) => {
	console.error(`[capacity] ERROR: ${m}`);
	process.exit(1);
};

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
if (!existsSync(FFMPEG)) {
	if (process.getuid?.() !== 0) {
		die(`ffmpeg is missing at ${FFMPEG}. As root run:\n  apt-get update && apt-get install -y --no-install-recommends ffmpeg\nor set FFMPEG_PATH.`);
	}
	say('installing Debian ffmpeg (one time)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// apt's output goes to stderr too, so stdout stays the answer.
	execFileSync('apt-get', ['update', '-q'], { stdio: ['ignore', 2, 2], env });
	execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'ffmpeg'], { stdio: ['ignore', 2, 2], env });
	if (!existsSync(FFMPEG)) die(`apt-get installed ffmpeg but ${FFMPEG} is still missing`);
}

const SECONDS = 10;
/**
 * What a clinic terminal sends (packages/media-settings): exam camera VP8 at
 * 1280×720, 30 fps, at the router's start bitrate (1 Mbit/s), a key frame every
 * second; the doctor's voice as mono Opus at 32 kbit/s; the stethoscope as
 * stereo Opus at 128 kbit/s. 20 ms audio frames, packets of at most 1200 bytes
 * as browsers send. Audio is constant bitrate so packet sizes do not depend on
 * the synthetic content.
 */
const CLIPS = {
	'exam-video': {
		kind: 'video',
		payloadType: 96,
		clockRate: 90_000,
		input: ['-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=30:duration=${SECONDS}`],
		encode: ['-c:v', 'libvpx', '-b:v', '1M', '-minrate', '1M', '-maxrate', '1M', '-deadline', 'realtime', '-cpu-used', '8', '-g', '30', '-keyint_min', '30', '-auto-alt-ref', '0', '-lag-in-frames', '0', '-error-resilient', '1', '-f', 'webm'],
		file: 'exam-video.webm',
	},
	voice: {
		kind: 'audio',
		payloadType: 111,
		clockRate: 48_000,
		input: ['-f', 'lavfi', '-i', `aevalsrc='0.2*sin(2*PI*180*t)*(0.6+0.4*sin(2*PI*3*t))+0.05*sin(2*PI*1200*t)':s=48000:d=${SECONDS}`],
		encode: ['-ac', '1', '-c:a', 'libopus', '-b:a', '32k', '-vbr', 'off', '-frame_duration', '20', '-application', 'voip', '-f', 'ogg'],
		file: 'voice.ogg',
	},
	stethoscope: {
		kind: 'audio',
		payloadType: 111,
		clockRate: 48_000,
		input: ['-f', 'lavfi', '-i', `anoisesrc=color=brown:amplitude=0.3:sample_rate=48000:duration=${SECONDS},lowpass=f=600,pan=stereo|c0=c0|c1=c0`],
		encode: ['-ac', '2', '-c:a', 'libopus', '-b:a', '128k', '-vbr', 'off', '-frame_duration', '20', '-application', 'audio', '-f', 'ogg'],
		file: 'stethoscope.ogg',
	},
};

const key = createHash('sha256').update(JSON.stringify(CLIPS)).digest('hex').slice(0, 12);
const cacheRoot = process.env.CONSULTDESK_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'consultdesk');
const MEDIA_DIR = join(cacheRoot, 'bench-media', key);

function ffmpeg(args) {
	execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 2, 2] });
}

/** Streams an encoded file with `-c copy` into RTP at its own pace and captures every packet. */
async function capture(name, clip, encodedFile) {
	const rtp = dgram.createSocket('udp4');
	const rtcp = dgram.createSocket('udp4');
	await Promise.all([rtp, rtcp].map((s) => new Promise((r) => s.bind(0, '127.0.0.1', r))));
	rtp.setRecvBufferSize(4 * 1024 * 1024);
	const packets = [];
	rtp.on('message', (m) => packets.push(m));
	rtcp.on('message', () => undefined);
	const streamSel = clip.kind === 'video' ? ['-map', '0:v:0'] : ['-map', '0:a:0'];
	const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-i', encodedFile, ...streamSel, '-c', 'copy', '-f', 'rtp', '-payload_type', String(clip.payloadType), '-ssrc', '1234', '-pkt_size', '1200', `rtp://127.0.0.1:${rtp.address().port}?rtcpport=${rtcp.address().port}`], { stdio: ['ignore', 'ignore', 'inherit'] });
	const timer = setTimeout(() => child.kill('SIGKILL'), (SECONDS + 30) * 1000);
	const code = await new Promise((r) => child.once('exit', r));
	clearTimeout(timer);
	await new Promise((r) => setTimeout(r, 300));
	rtp.close();
	rtcp.close();
	if (code !== 0) die(`ffmpeg could not stream ${encodedFile} as RTP (exit ${code})`);
	// Every packet must be there, in order: the generator replays them as they are.
	for (let i = 1; i < packets.length; i++) {
		if (packets[i].readUInt16BE(2) !== ((packets[i - 1].readUInt16BE(2) + 1) & 0xffff)) die(`${name}: capture lost or reordered RTP packets at #${i}; run again`);
	}
	if (packets.length < SECONDS * 40) die(`${name}: only ${packets.length} RTP packets captured`);
	return packets;
}

if (existsSync(join(MEDIA_DIR, 'done'))) {
	say(`media ready in ${MEDIA_DIR}`);
} else {
	mkdirSync(join(cacheRoot, 'bench-media'), { recursive: true });
	const work = mkdtempSync(join(cacheRoot, 'bench-media', 'tmp-'));
	try {
		say(`encoding ${SECONDS} s of VP8 and Opus with ffmpeg and capturing them as RTP (one time, about ${SECONDS + 10} s)…`);
		for (const clip of Object.values(CLIPS)) ffmpeg([...clip.input, ...clip.encode, join(work, clip.file)]);
		const captured = await Promise.all(Object.entries(CLIPS).map(([name, clip]) => capture(name, clip, join(work, clip.file))));
		Object.keys(CLIPS).forEach((name, i) => {
			// One file per clip: [u16 length][packet] …
			const parts = captured[i].flatMap((p) => {
				const len = Buffer.alloc(2);
				len.writeUInt16BE(p.length);
				return [len, p];
			});
			writeFileSync(join(work, `${name}.rtp`), Buffer.concat(parts));
			const bytes = captured[i].reduce((s, p) => s + p.length, 0);
			say(`  ${name}: ${captured[i].length} packets, ${Math.round((bytes * 8) / SECONDS / 1000)} kbit/s`);
		});
		writeFileSync(join(work, 'clips.json'), `${JSON.stringify(CLIPS, null, 2)}\n`);
		writeFileSync(join(work, 'done'), '');
		rmSync(MEDIA_DIR, { recursive: true, force: true });
		renameSync(work, MEDIA_DIR);
		say(`media ready in ${MEDIA_DIR}`);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

// For the benchmark: where the packets are.
if (process.argv.includes('--print-dir')) console.log(MEDIA_DIR);
