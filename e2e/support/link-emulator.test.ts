import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkEmulator, type LinkEmulatorOptions } from './link-emulator.js';

/*
 * The emulator measured over loopback with a few hundred packets: what it
 * does to delay, jitter, order, loss and rate. Lower bounds are exact (the
 * emulator never delivers early); upper bounds hold for most packets and
 * medians within a tolerance, since on a busy machine a stalled event loop
 * delivers a burst of packets late.
 */

const HOST = '127.0.0.1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A repeatable random sequence (mulberry32). */
function seeded(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const median = (values: number[]) => quantile(values, 0.5);
/** The share of values at or below a bound. */
const shareAtMost = (values: number[], bound: number) => values.filter((v) => v <= bound).length / values.length;

/** Pairs (i < j) that arrived in the opposite order to the one they were sent in. */
function inversions(order: number[]): number {
	let count = 0;
	for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) if (order[i]! > order[j]!) count++;
	return count;
}

async function udpSocket(): Promise<UdpSocket> {
	const socket = createSocket('udp4');
	socket.bind(0, HOST);
	await once(socket, 'listening');
	return socket;
}

interface Arrival {
	seq: number;
	/** One-way time from the sender's send to the sink's receipt, ms. */
	delay: number;
	/** The sender address the sink saw. */
	fromPort: number;
}

/** A UDP sink as the target, recording each packet's one-way delay; with `echo`, it sends each packet back. */
async function udpSink(echo = false): Promise<{ socket: UdpSocket; arrivals: Arrival[] }> {
	const socket = await udpSocket();
	const arrivals: Arrival[] = [];
	socket.on('message', (message, from) => {
		arrivals.push({ seq: message.readUInt32BE(0), delay: performance.now() - message.readDoubleBE(4), fromPort: from.port });
		if (echo) socket.send(message, from.port, from.address);
	});
	return { socket, arrivals };
}

/** Sends `count` packets of `size` bytes (sequence number and send time inside), `gapMs` apart (0: all at once). */
async function sendPackets(socket: UdpSocket, port: number, count: number, gapMs: number, size = 64): Promise<void> {
	for (let seq = 0; seq < count; seq++) {
		const packet = Buffer.alloc(size);
		packet.writeUInt32BE(seq, 0);
		packet.writeDoubleBE(performance.now(), 4);
		socket.send(packet, port, HOST);
		if (gapMs > 0) await sleep(gapMs);
	}
}

const open: { close(): unknown }[] = [];
afterEach(async () => {
	for (const thing of open.splice(0).reverse()) await thing.close();
});

async function emulatorTo(port: number, profiles: Omit<LinkEmulatorOptions, 'listenHost' | 'forwards'>, protocol: 'udp' | 'tcp' = 'udp'): Promise<LinkEmulator> {
	const emulator = await LinkEmulator.start({ listenHost: HOST, forwards: [{ protocol, target: { host: HOST, port } }], ...profiles });
	open.push(emulator);
	return emulator;
}

describe('LinkEmulator over UDP', () => {
	it('delays every packet by the one-way delay of its direction', async () => {
		const sink = await udpSink(true);
		const client = await udpSocket();
		open.push(sink.socket, client);
		const emulator = await emulatorTo(sink.socket.address().port, { up: { delayMs: 50 }, down: { delayMs: 20 } });
		const roundTrips: number[] = [];
		client.on('message', (message) => roundTrips.push(performance.now() - message.readDoubleBE(4)));
		await sendPackets(client, emulator.portFor('udp', sink.socket.address().port), 300, 2);
		await sleep(200);
		const up = sink.arrivals.map((a) => a.delay);
		expect(up).toHaveLength(300);
		expect(roundTrips).toHaveLength(300);
		expect(Math.abs(median(up) - 50)).toBeLessThan(10);
		expect(Math.abs(median(roundTrips) - 70)).toBeLessThan(10);
		// No jitter configured: every packet about equally late, none early.
		expect(Math.min(...up)).toBeGreaterThan(49);
		expect(shareAtMost(up, 60)).toBeGreaterThan(0.9);
		expect(inversions(sink.arrivals.map((a) => a.seq))).toBe(0);
		expect(emulator.stats().up).toMatchObject({ packets: 300, delivered: 300, lost: 0, overflowed: 0 });
	});

	it('jitters each packet within ±jitter and, when allowed, reorders them', async () => {
		const sink = await udpSink();
		const client = await udpSocket();
		open.push(sink.socket, client);
		const emulator = await emulatorTo(sink.socket.address().port, { up: { delayMs: 60, jitterMs: 25, reorder: true }, random: seeded(7) });
		await sendPackets(client, emulator.portFor('udp', sink.socket.address().port), 300, 2);
		await sleep(150);
		const delays = sink.arrivals.map((a) => a.delay);
		expect(delays).toHaveLength(300);
		expect(Math.abs(median(delays) - 60)).toBeLessThan(10);
		expect(Math.min(...delays)).toBeGreaterThan(60 - 25 - 1);
		expect(shareAtMost(delays, 60 + 25 + 10)).toBeGreaterThan(0.9);
		// Uniform over ±25 ms: the middle 80 % spans about 40 ms.
		expect(quantile(delays, 0.9) - quantile(delays, 0.1)).toBeGreaterThan(25);
		// Packets 2 ms apart with up to 50 ms between their delays overtake each other often.
		expect(inversions(sink.arrivals.map((a) => a.seq))).toBeGreaterThan(300);
	});

	it('jitters without reordering when reordering is off: each packet waits for the one before it', async () => {
		const sink = await udpSink();
		const client = await udpSocket();
		open.push(sink.socket, client);
		const emulator = await emulatorTo(sink.socket.address().port, { up: { delayMs: 60, jitterMs: 25, reorder: false }, random: seeded(7) });
		await sendPackets(client, emulator.portFor('udp', sink.socket.address().port), 300, 2);
		await sleep(150);
		const delays = sink.arrivals.map((a) => a.delay);
		expect(delays).toHaveLength(300);
		expect(sink.arrivals.map((a) => a.seq)).toEqual([...Array(300).keys()]);
		expect(Math.min(...delays)).toBeGreaterThan(60 - 25 - 1);
		expect(shareAtMost(delays, 60 + 25 + 10)).toBeGreaterThan(0.9);
		expect(quantile(delays, 0.9) - quantile(delays, 0.1)).toBeGreaterThan(5);
	});

	it('drops packets at random at the configured rate, in its direction only', async () => {
		const sink = await udpSink(true);
		const client = await udpSocket();
		open.push(sink.socket, client);
		let echoed = 0;
		client.on('message', () => echoed++);
		const emulator = await emulatorTo(sink.socket.address().port, { up: { lossPercent: 10 }, down: {}, random: seeded(11) });
		await sendPackets(client, emulator.portFor('udp', sink.socket.address().port), 500, 0.5);
		await sleep(100);
		const stats = emulator.stats();
		expect(sink.arrivals.length / 500).toBeGreaterThan(0.85);
		expect(sink.arrivals.length / 500).toBeLessThan(0.95);
		expect(stats.up.lost).toBe(500 - sink.arrivals.length);
		// The way back loses nothing.
		expect(echoed).toBe(sink.arrivals.length);
		expect(stats.down.lost).toBe(0);
	});

	it('limits the rate, queueing up to queueMs and dropping what does not fit', async () => {
		const sink = await udpSink();
		const client = await udpSocket();
		open.push(sink.socket, client);
		const port = sink.socket.address().port;
		// 1,000-byte packets at 800 kbit/s: 10 ms each on the wire.
		const emulator = await emulatorTo(port, { up: { rateKbit: 800, queueMs: 2000 } });
		await sendPackets(client, emulator.portFor('udp', port), 50, 0, 1000);
		await sleep(700);
		expect(sink.arrivals).toHaveLength(50);
		const arrivedAt = sink.arrivals.map((a) => a.delay);
		// The last waited for the 49 before it: at least 490 ms; packets leave about 10 ms apart.
		expect(Math.max(...arrivedAt)).toBeGreaterThan(489);
		expect(Math.max(...arrivedAt)).toBeLessThan(650);
		const gaps = arrivedAt.slice(1).map((t, i) => t - arrivedAt[i]!);
		expect(Math.abs(median(gaps) - 10)).toBeLessThan(2);

		sink.arrivals.length = 0;
		emulator.setProfile({ rateKbit: 800, queueMs: 100 });
		await sendPackets(client, emulator.portFor('udp', port), 50, 0, 1000);
		await sleep(300);
		// A 100 ms queue holds about 10 packets besides the one on the wire.
		expect(sink.arrivals.length).toBeGreaterThanOrEqual(9);
		expect(sink.arrivals.length).toBeLessThanOrEqual(13);
		expect(emulator.stats().up.overflowed).toBe(50 - sink.arrivals.length);
	});

	it('relays each client flow from its own port, and answers each client on its flow', async () => {
		const sink = await udpSink(true);
		const [a, b] = [await udpSocket(), await udpSocket()];
		open.push(sink.socket, a, b);
		const emulator = await emulatorTo(sink.socket.address().port, {});
		const port = emulator.portFor('udp', sink.socket.address().port);
		const heard = { a: 0, b: 0 };
		a.on('message', () => heard.a++);
		b.on('message', () => heard.b++);
		await sendPackets(a, port, 5, 1);
		await sendPackets(b, port, 3, 1);
		await sleep(50);
		expect(new Set(sink.arrivals.map((x) => x.fromPort)).size).toBe(2);
		expect(heard).toEqual({ a: 5, b: 3 });
	});
});

describe('LinkEmulator over TCP', () => {
	it('relays a stream intact and in order, each direction delayed and jittered', async () => {
		const echo = createServer((socket) => socket.pipe(socket));
		echo.listen(0, HOST);
		await once(echo, 'listening');
		open.push({ close: () => new Promise((resolve) => echo.close(resolve)) });
		const target = (echo.address() as AddressInfo).port;
		const emulator = await emulatorTo(target, { up: { delayMs: 30, jitterMs: 10 }, down: { delayMs: 20, jitterMs: 10 }, random: seeded(3) }, 'tcp');
		const socket = connect({ host: HOST, port: emulator.portFor('tcp', target), noDelay: true });
		await once(socket, 'connect');
		open.push({ close: () => socket.destroy() });

		// A small ping's round trip: about 30 + 20 ms.
		const roundTrips: number[] = [];
		for (let i = 0; i < 20; i++) {
			const sent = performance.now();
			socket.write('p');
			await once(socket, 'data');
			roundTrips.push(performance.now() - sent);
		}
		expect(Math.abs(median(roundTrips) - 50)).toBeLessThan(15);
		expect(Math.min(...roundTrips)).toBeGreaterThan(50 - 20 - 1);

		// 256 KiB in 4 KiB writes with jitter on every chunk comes back byte for byte.
		const data = randomBytes(256 * 1024);
		const received: Buffer[] = [];
		let length = 0;
		const done = new Promise<void>((resolve) =>
			socket.on('data', (chunk: Buffer) => {
				received.push(chunk);
				length += chunk.length;
				if (length >= data.length) resolve();
			}),
		);
		for (let offset = 0; offset < data.length; offset += 4096) socket.write(data.subarray(offset, offset + 4096));
		await done;
		expect(Buffer.concat(received).equals(data)).toBe(true);
	});

	it('ends the other side after the last byte when one side closes', async () => {
		const got: Buffer[] = [];
		const sink = createServer((socket) => {
			socket.on('data', (chunk: Buffer) => got.push(chunk));
			socket.on('end', () => socket.end());
		});
		sink.listen(0, HOST);
		await once(sink, 'listening');
		open.push({ close: () => new Promise((resolve) => sink.close(resolve)) });
		const target = (sink.address() as AddressInfo).port;
		const emulator = await emulatorTo(target, { up: { delayMs: 40 } }, 'tcp');
		const socket = connect({ host: HOST, port: emulator.portFor('tcp', target) });
		await once(socket, 'connect');
		socket.end('last words');
		await once(socket, 'close');
		expect(Buffer.concat(got).toString()).toBe('last words');
	});
});
