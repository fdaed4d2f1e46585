import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PROTOCOL_VERSION, REQUEST_NAMES, sendRequest } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { acceptedConsultation, collectNotifications, connectAs, connectClient, opusRtpParameters, startTestServer, type TestClient } from './testing/test-server.js';

/*
 * Thousands of malformed and random events from several authenticated
 * sockets: wrong types, huge strings, deep objects, unknown and hostile event
 * names, floods with and without acks. Afterwards the server must answer,
 * hold no more memory than before (within a bound), and a consultation
 * that was live the whole time must not have noticed.
 */

const EVENTS_PER_SOCKET = 2_600;
const FUZZERS = ['chen', 'admin', 'sok', 'wang'] as const;
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

/** A small seeded PRNG, so a failure can be replayed with FUZZ_SEED. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const HOSTILE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'disconnect', 'connect', 'error', 'newListener', 'admin:drop-tables', '', ' ', 'room:join\u0000', 'x'.repeat(5000)];

function fuzzValue(rand: () => number, depth = 0): unknown {
	const pick = Math.floor(rand() * 12);
	switch (pick) {
		case 0:
			return null;
		case 1:
			return rand() < 0.5;
		case 2:
			return [0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 3.14, 65535, 65536][Math.floor(rand() * 8)];
		case 3:
			return 'x'.repeat(Math.floor(rand() ** 4 * 90_000));
		case 4:
			return ['', '🫁', '\u0000', '<script>alert(1)</script>', "'; DROP TABLE accounts; --", '../../etc/passwd', crypto.randomUUID()][Math.floor(rand() * 7)];
		case 5: {
			// A deep chain of objects or arrays.
			let nested: unknown = 'bottom';
			const levels = 1 + Math.floor(rand() * 400);
			for (let i = 0; i < levels; i++) nested = rand() < 0.5 ? [nested] : { a: nested };
			return nested;
		}
		case 6:
			return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(rand() * 6) }, (_, i) => [['__proto__', 'constructor', 'transportId', 'consultationId', `k${i}`][Math.floor(rand() * 5)]!, fuzzValue(rand, depth + 1)]));
		case 7:
			return depth > 3 ? [] : Array.from({ length: Math.floor(rand() * 8) }, () => fuzzValue(rand, depth + 1));
		case 8:
			return { consultationId: fuzzValue(rand, depth + 1) };
		case 9:
			return { transportId: crypto.randomUUID(), dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] } };
		case 10:
			return { patientId: crypto.randomUUID(), reason: fuzzValue(rand, depth + 1), specialty: 'respiratory', urgency: 'urgent' };
		default:
			return { transportId: crypto.randomUUID(), kind: 'audio', source: 'stethoscope', rtpParameters: { codecs: fuzzValue(rand, depth + 1) } };
	}
}

function fuzzEvent(rand: () => number): string {
	const r = rand();
	if (r < 0.6) return REQUEST_NAMES[Math.floor(rand() * REQUEST_NAMES.length)]!;
	if (r < 0.8) return HOSTILE_NAMES[Math.floor(rand() * HOSTILE_NAMES.length)]!;
	return Math.random().toString(36).slice(2, 2 + Math.floor(rand() * 30));
}

type RawSocket = {
	emit(event: string, ...args: unknown[]): void;
	timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
	io: { engine: { write(packet: string): void } };
};

/** Names socket.io-client refuses to emit; they go out as raw packets instead, as a hostile client would send them. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/**
 * Sends `count` random events that socket.io itself accepts, a third of them
 * without an ack, in bursts of 200. Returns how many were sent with an ack and
 * how many of those were answered: every one must be.
 */
async function fuzzRequests(socket: TestClient, rand: () => number, count: number): Promise<{ sent: number; withAck: number; answered: number }> {
	const raw = socket as unknown as RawSocket;
	let sent = 0;
	let withAck = 0;
	let answered = 0;
	while (sent < count) {
		const burst: Promise<unknown>[] = [];
		for (let i = 0; i < 200 && sent < count; i++, sent++) {
			let event = fuzzEvent(rand);
			if (RESERVED.has(event)) event = `${event}!`;
			let args = rand() < 0.1 ? [fuzzValue(rand), fuzzValue(rand)] : rand() < 0.05 ? [] : [fuzzValue(rand)];
			// Over the server's message limit the connection closes (fuzzFrames covers that); stay just under it.
			if (JSON.stringify(args).length > 120_000) args = ['x'.repeat(120_000)];
			if (rand() < 0.33) {
				raw.emit(event, ...args);
				continue;
			}
			withAck++;
			burst.push(
				raw
					.timeout(10_000)
					.emitWithAck(event, ...args)
					.then((answer) => {
						if (typeof answer === 'object' && answer !== null && 'ok' in answer) answered++;
					}, () => undefined),
			);
		}
		await Promise.all(burst);
	}
	return { sent, withAck, answered };
}

/**
 * Frames socket.io's own parser refuses, or messages over the size limit:
 * the server closes that connection, as it must. The fuzzer reconnects each
 * time; returns how many connections were thrown out.
 */
async function fuzzFrames(connect: () => Promise<TestClient>, rand: () => number, count: number): Promise<number> {
	const frames = [
		() => `42${JSON.stringify([[...RESERVED][Math.floor(rand() * RESERVED.size)], {}])}`,
		() => '42["room:join",',
		() => '42[]',
		() => '451-["x",{"_placeholder":true,"num":9}]',
		() => `4${'9'.repeat(20)}`,
		() => `42${JSON.stringify(['consultation:list-open', 'x'.repeat(200 * 1024)])}`,
	];
	let thrownOut = 0;
	for (let i = 0; i < count; i++) {
		const socket = await connect();
		const closed = new Promise((resolve) => socket.once('disconnect', resolve));
		(socket as unknown as RawSocket).io.engine.write(frames[Math.floor(rand() * frames.length)]!());
		if ((await Promise.race([closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 2000))])) === 'closed') thrownOut++;
		socket.disconnect();
	}
	return thrownOut;
}

const gc: () => void = (() => {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
})();
const heapMiB = () => {
	gc();
	return process.memoryUsage().heapUsed / 2 ** 20;
};

let server: ConsultationServer;
let clinic: TestClient;
let expert: TestClient;

beforeAll(async () => {
	// A flood limit high enough that most fuzz reaches the parsers; floods against the default limit are in http-api.test.ts.
	server = await startTestServer({ socketRequestsPerSecond: 1000 });
	clinic = await connectAs(server, 'sok');
	expert = await connectAs(server, 'wang');
});
afterAll(async () => {
	clinic.disconnect();
	expert.disconnect();
	await server.close();
});

describe('fuzzing the socket API', () => {
	it(`survives ${EVENTS_PER_SOCKET * FUZZERS.length} malformed and random events from ${FUZZERS.length} sockets while a consultation goes on`, { timeout: 180_000 }, async () => {
		// The consultation that must not notice: both sides in the room, the stethoscope produced and consumed.
		const { consultationId } = await acceptedConsultation(clinic, expert);
		await sendRequest(clinic, 'room:join', { consultationId });
		const { routerRtpCapabilities } = await sendRequest(expert, 'room:join', { consultationId });
		const send = await sendRequest(clinic, 'transport:create', { direction: 'send', sctp: true });
		const { producerId } = await sendRequest(clinic, 'producer:create', { transportId: send.transportId, kind: 'audio', source: 'stethoscope', rtpParameters: opusRtpParameters(9001) });
		const recv = await sendRequest(expert, 'transport:create', { direction: 'recv', sctp: true });
		const { consumerId } = await sendRequest(expert, 'consumer:create', { transportId: recv.transportId, producerId, rtpCapabilities: routerRtpCapabilities });
		await sendRequest(expert, 'consumer:resume', { consumerId });
		const disturbances = [...collectNotifications(expert, 'peer:left'), ...collectNotifications(expert, 'consumer:closed'), ...collectNotifications(expert, 'room:closed')];
		const statsBefore = server.roomStats(consultationId)[0];
		const heapBefore = heapMiB();

		const fuzzers = await Promise.all(FUZZERS.map((username) => connectAs(server, username)));
		const started = Date.now();
		const results = await Promise.all(fuzzers.map((socket, i) => fuzzRequests(socket, mulberry32(SEED + i), EVENTS_PER_SOCKET)));
		const seconds = (Date.now() - started) / 1000;
		const sum = (key: 'sent' | 'withAck' | 'answered') => results.reduce((total, r) => total + r[key], 0);
		console.log(`fuzz (seed ${SEED}): ${sum('sent')} events in ${seconds.toFixed(1)} s; ${sum('answered')} of ${sum('withAck')} sent with an ack were answered`);
		expect(sum('sent')).toBeGreaterThanOrEqual(10_000);
		expect(sum('answered')).toBe(sum('withAck'));
		// Still connected: nothing in a well-framed message, however wrong, costs a client its connection.
		expect(fuzzers.every((s) => s.connected)).toBe(true);
		for (const socket of fuzzers) socket.disconnect();

		const token = fuzzers[0]!.tokens.accessToken;
		const thrownOut = await fuzzFrames(() => connectClient(server, { token, protocolVersion: PROTOCOL_VERSION }), mulberry32(SEED), 60);
		console.log(`fuzz: 60 malformed frames, ${thrownOut} connections closed by the server`);
		expect(thrownOut).toBeGreaterThanOrEqual(50);

		// Alive: health, sign-in and requests all answer.
		expect(server.health().status).toBe('ok');
		await expect(sendRequest(clinic, 'consultation:list-open', {})).resolves.toHaveProperty('consultations');
		const fresh = await connectAs(server, 'chen');
		await expect(sendRequest(fresh, 'expert:list', {})).resolves.toHaveProperty('experts');
		fresh.disconnect();

		// The live consultation did not notice.
		expect(disturbances).toEqual([]);
		expect(server.roomStats(consultationId)[0]).toEqual(statsBefore);
		expect(clinic.connected && expert.connected).toBe(true);
		expect((await server.records.consultations.get(consultationId))?.state).toBe('live');

		// Memory bounded: what the fuzzing left behind is collectable.
		await new Promise((r) => setTimeout(r, 1500));
		const heapAfter = heapMiB();
		console.log(`heap: ${heapBefore.toFixed(1)} MiB before, ${heapAfter.toFixed(1)} MiB after`);
		expect(heapAfter - heapBefore).toBeLessThan(64);
	});
});
