import { sendRequest } from '@consultdesk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import {
	acceptedConsultation,
	connectAs,
	dropLink,
	nextNotification,
	opusRtpParameters,
	startTestServer,
	until,
	type TestClient,
} from './testing/test-server.js';

let server: ConsultationServer;
const clients: TestClient[] = [];

beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	await server.close();
});
afterEach(() => {
	for (const c of clients.splice(0)) c.disconnect();
});

async function client(username: string): Promise<TestClient> {
	const socket = await connectAs(server, username);
	clients.push(socket);
	return socket;
}

const join = (socket: TestClient, consultationId: string) => sendRequest(socket, 'room:join', { consultationId });

/** The clinic (sok) and the respiratory expert (wang) with an accepted consultation between them. */
async function pair(): Promise<{ clinic: TestClient; expert: TestClient; id: string }> {
	const clinic = await client('sok');
	const expert = await client('wang');
	const { consultationId } = await acceptedConsultation(clinic, expert);
	return { clinic, expert, id: consultationId };
}

describe('ConsultationServer', () => {
	it('answers /health with worker and room counts', async () => {
		const res = await fetch(`${server.url}/health`);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ status: 'ok', workers: { alive: 1, configured: 1 } });
	});

	it('seats clinic and expert by their accounts in one router and tells each about the other', async () => {
		const { clinic, expert, id } = await pair();
		const joinedClinic = await join(clinic, id);
		expect(joinedClinic).toMatchObject({ consultationId: id, role: 'clinic', consultationCode: expect.stringMatching(/^C-[A-Z0-9]{6}$/) });
		expect(joinedClinic.routerRtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(
			expect.arrayContaining(['audio/opus', 'video/VP8']),
		);
		const announced = nextNotification(clinic, 'peer:joined');
		const joinedExpert = await join(expert, id);
		expect(joinedExpert.role).toBe('expert');
		expect(joinedExpert.peers).toEqual([{ peerId: joinedClinic.peerId, role: 'clinic', displayName: 'Dr Sok Chenda', connection: 'connected' }]);
		expect(await announced).toMatchObject({ peerId: joinedExpert.peerId, role: 'expert', displayName: 'Dr Wang Li' });
	});

	it('keeps one clinic seat per consultation: the clinic account opening it on a second terminal takes the seat over', async () => {
		const { clinic, expert, id } = await pair();
		const first = await join(clinic, id);
		await join(expert, id);
		const takenOver = nextNotification(clinic, 'room:closed');
		const left = nextNotification(expert, 'peer:left');
		const second = await join(await client('sok'), id);
		expect(await takenOver).toEqual({ reason: 'seat-taken-over' });
		expect(await left).toEqual({ peerId: first.peerId });
		expect(second).toMatchObject({ role: 'clinic', resumed: false });
		expect(server.roomStats(id)[0]).toMatchObject({ peers: 2 });
		// The first terminal no longer acts for the seat.
		await expect(sendRequest(clinic, 'transport:create', { direction: 'send', sctp: true })).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
	});

	it('relays a producer to a consumer created paused, and only within the room', async () => {
		const { clinic, expert, id } = await pair();
		const outsider = await client('chen');
		const other = await acceptedConsultation(clinic, outsider, 'cardiology');
		await join(clinic, id);
		const { routerRtpCapabilities } = await join(expert, id);
		await join(outsider, other.consultationId);

		const send = await sendRequest(clinic, 'transport:create', { direction: 'send', sctp: true });
		expect(send.sctpParameters).toBeDefined();
		expect(send.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
		const announced = nextNotification(expert, 'producer:new');
		const { producerId } = await sendRequest(clinic, 'producer:create', {
			transportId: send.transportId,
			kind: 'audio',
			source: 'stethoscope',
			rtpParameters: opusRtpParameters(1111),
		});
		expect(await announced).toMatchObject({ producerId, source: 'stethoscope', kind: 'audio' });

		const recv = await sendRequest(expert, 'transport:create', { direction: 'recv', sctp: true });
		const consumer = await sendRequest(expert, 'consumer:create', {
			transportId: recv.transportId,
			producerId,
			rtpCapabilities: routerRtpCapabilities,
		});
		expect(consumer).toMatchObject({ producerId, kind: 'audio', source: 'stethoscope' });
		await sendRequest(expert, 'consumer:resume', { consumerId: consumer.consumerId });

		const outsiderRecv = await sendRequest(outsider, 'transport:create', { direction: 'recv', sctp: false });
		await expect(
			sendRequest(outsider, 'consumer:create', {
				transportId: outsiderRecv.transportId,
				producerId,
				rtpCapabilities: routerRtpCapabilities,
			}),
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(
			sendRequest(outsider, 'transport:connect', {
				transportId: send.transportId,
				dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] },
			}),
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('lets only the clinic send clinical sources; the expert may talk back', async () => {
		const { expert, id } = await pair();
		await join(expert, id);
		const send = await sendRequest(expert, 'transport:create', { direction: 'send', sctp: false });
		await expect(
			sendRequest(expert, 'producer:create', {
				transportId: send.transportId,
				kind: 'audio',
				source: 'stethoscope',
				rtpParameters: opusRtpParameters(2222),
			}),
		).rejects.toMatchObject({ code: 'FORBIDDEN_SOURCE' });
		await expect(
			sendRequest(expert, 'producer:create', {
				transportId: send.transportId,
				kind: 'audio',
				source: 'voice',
				rtpParameters: opusRtpParameters(2223),
			}),
		).resolves.toMatchObject({ producerId: expect.any(String) });
	});

	/** The clinic sending voice and vitals, the expert consuming the voice. */
	async function sendingPair() {
		const { clinic, expert, id } = await pair();
		const clinicSeat = await join(clinic, id);
		const { routerRtpCapabilities } = await join(expert, id);
		const send = await sendRequest(clinic, 'transport:create', { direction: 'send', sctp: true });
		const { producerId } = await sendRequest(clinic, 'producer:create', {
			transportId: send.transportId,
			kind: 'audio',
			source: 'voice',
			rtpParameters: opusRtpParameters(3333),
		});
		await sendRequest(clinic, 'dataProducer:create', {
			transportId: send.transportId,
			sctpStreamParameters: { streamId: 0, ordered: true },
			label: 'vitals',
			protocol: 'consultdesk-vitals/1',
			source: 'vitals',
		});
		const recv = await sendRequest(expert, 'transport:create', { direction: 'recv', sctp: true });
		const { consumerId } = await sendRequest(expert, 'consumer:create', {
			transportId: recv.transportId,
			producerId,
			rtpCapabilities: routerRtpCapabilities,
		});
		expect(server.roomStats(id)[0]).toMatchObject({ peers: 2, transports: 2, producers: 1, consumers: 1, dataProducers: 1 });
		return { clinic, expert, id, clinicSeat, send, producerId, consumerId };
	}

	it('holds the seat and media of a dropped terminal, and gives them back to the same terminal with nothing duplicated', async () => {
		const { clinic, expert, id, clinicSeat, send, producerId } = await sendingPair();
		const reconnecting = nextNotification(expert, 'peer:connection');
		dropLink(clinic);
		expect(await reconnecting).toEqual({ peerId: clinicSeat.peerId, connection: 'reconnecting' });
		// Seat, transport, producer and the expert's consumer all stay while it is away.
		expect(server.roomStats(id)[0]).toMatchObject({ peers: 2, transports: 2, producers: 1, consumers: 1, dataProducers: 1 });

		const back = nextNotification(expert, 'peer:connection');
		const again = await client('sok');
		const resumed = await sendRequest(again, 'room:join', { consultationId: id, resumePeerId: clinicSeat.peerId });
		expect(resumed).toMatchObject({ peerId: clinicSeat.peerId, resumed: true, role: 'clinic' });
		expect(await back).toEqual({ peerId: clinicSeat.peerId, connection: 'connected' });
		// Its own transport answers to the new connection, with new ICE credentials for the new path.
		const { iceParameters } = await sendRequest(again, 'transport:restartIce', { transportId: send.transportId });
		expect(iceParameters.usernameFragment).not.toBe(send.iceParameters.usernameFragment);
		expect(server.roomStats(id)[0]).toMatchObject({ peers: 2, transports: 2, producers: 1, consumers: 1, dataProducers: 1 });
		// Sending the same source again would duplicate it: the server still has it.
		await expect(
			sendRequest(again, 'producer:create', { transportId: send.transportId, kind: 'audio', source: 'voice', rtpParameters: opusRtpParameters(3334) }),
		).rejects.toMatchObject({ code: 'FORBIDDEN_SOURCE' });
		await sendRequest(expert, 'room:leave', {});
		expect(server.roomStats(id)[0]).toMatchObject({ peers: 1, producers: 1 });
		expect(producerId).toBeDefined();
	});

	it('gives a fresh seat to a terminal that lost its own (an app restart), closing the media of the old one', async () => {
		const { clinic, expert, id, clinicSeat, consumerId } = await sendingPair();
		const reconnecting = nextNotification(expert, 'peer:connection');
		dropLink(clinic);
		await reconnecting;
		const consumerClosed = nextNotification(expert, 'consumer:closed');
		const left = nextNotification(expert, 'peer:left');
		const fresh = await join(await client('sok'), id);
		expect(fresh).toMatchObject({ resumed: false, role: 'clinic' });
		expect(fresh.peerId).not.toBe(clinicSeat.peerId);
		expect(await consumerClosed).toEqual({ consumerId });
		expect(await left).toEqual({ peerId: clinicSeat.peerId });
		expect(server.roomStats(id)[0]).toMatchObject({ peers: 2, transports: 1, producers: 0, consumers: 0, dataProducers: 0 });
	});

	it('leaving closes everything a peer owns, and the room with the last one', async () => {
		const { clinic, expert, id, consumerId } = await sendingPair();
		const consumerClosed = nextNotification(expert, 'consumer:closed');
		const peerLeft = nextNotification(expert, 'peer:left');
		await sendRequest(clinic, 'room:leave', {});
		expect(await consumerClosed).toEqual({ consumerId });
		await peerLeft;
		expect(server.roomStats(id)[0]).toMatchObject({ peers: 1, transports: 1, producers: 0, consumers: 0, dataProducers: 0 });

		await sendRequest(expert, 'room:leave', {});
		expect(server.roomStats(id)).toEqual([]);
		await until(async () => (await server.mediaDump()).routers === server.roomStats().length);
	});
});

describe('held seats', () => {
	it('are given up when their terminal does not come back in time', async () => {
		const short = await startTestServer({ seatHoldSeconds: 1 });
		try {
			const clinic = await connectAs(short, 'sok');
			const expert = await connectAs(short, 'wang');
			clients.push(clinic, expert);
			const { consultationId } = await acceptedConsultation(clinic, expert);
			const seat = await sendRequest(clinic, 'room:join', { consultationId });
			await sendRequest(expert, 'room:join', { consultationId });
			const left = nextNotification(expert, 'peer:left');
			dropLink(clinic);
			expect(await left).toEqual({ peerId: seat.peerId });
			expect(short.roomStats(consultationId)[0]).toMatchObject({ peers: 1 });
		} finally {
			await short.close();
		}
	});
});

describe('bad input', () => {
	it('answers a malformed payload with INVALID_PAYLOAD and the socket and room carry on', async () => {
		const { clinic, expert, id } = await pair();
		await join(clinic, id);
		await join(expert, id);
		const answer = await clinic.timeout(2000).emitWithAck('transport:create', { direction: 'sideways' } as never);
		expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
		expect(JSON.stringify(answer)).toMatch(/direction/);
		const notAnObject = await clinic.timeout(2000).emitWithAck('room:leave', 'please' as never);
		expect(notAnObject).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

		const transport = await sendRequest(clinic, 'transport:create', { direction: 'send', sctp: false });
		expect(transport.transportId).toBeTruthy();
		expect(server.roomStats(id)[0]?.peers).toBe(2);
	});

	it('answers an unknown event with UNKNOWN_EVENT, with or without an ack', async () => {
		const socket = await client('chen');
		const untyped = socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> }; emit(e: string, p: unknown): void };
		expect(await untyped.timeout(2000).emitWithAck('admin:drop-tables', {})).toMatchObject({
			ok: false,
			error: { code: 'UNKNOWN_EVENT' },
		});
		const rejected = nextNotification(socket, 'request:rejected');
		untyped.emit('__proto__', { x: 1 });
		expect(await rejected).toMatchObject({ event: '__proto__', error: { code: 'UNKNOWN_EVENT' } });
		await expect(sendRequest(socket, 'consultation:list-open', {})).resolves.toHaveProperty('consultations');
	});

	it('caps what one peer may open, so it cannot exhaust ports for other consultations', async () => {
		const { clinic, expert: greedy, id } = await pair();
		await join(greedy, id);
		for (let i = 0; i < 4; i++) await sendRequest(greedy, 'transport:create', { direction: 'recv', sctp: false });
		await expect(sendRequest(greedy, 'transport:create', { direction: 'recv', sctp: false })).rejects.toMatchObject({
			code: 'LIMIT_REACHED',
		});
		await join(clinic, id);
		await expect(sendRequest(clinic, 'transport:create', { direction: 'send', sctp: true })).resolves.toHaveProperty('transportId');
	});

	it('refuses media requests before joining and lets mediasoup rejections through as MEDIA_REJECTED', async () => {
		const { clinic: socket, id } = await pair();
		await expect(sendRequest(socket, 'transport:create', { direction: 'send', sctp: false })).rejects.toMatchObject({
			code: 'NOT_IN_ROOM',
		});
		await join(socket, id);
		const send = await sendRequest(socket, 'transport:create', { direction: 'send', sctp: false });
		const bogus = { ...opusRtpParameters(4444), codecs: [{ mimeType: 'audio/unknown-codec', payloadType: 100, clockRate: 8000 }] };
		await expect(
			sendRequest(socket, 'producer:create', { transportId: send.transportId, kind: 'audio', source: 'voice', rtpParameters: bogus }),
		).rejects.toMatchObject({ code: 'MEDIA_REJECTED' });
		await expect(sendRequest(socket, 'room:join', { consultationId: id })).rejects.toMatchObject({ code: 'ALREADY_IN_ROOM' });
	});
});
