import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	HTTP_ROUTES,
	PROTOCOL_VERSION,
	sendRequest,
	sessionTokensSchema,
	type AccountRole,
	type ClientToServerEvents,
	type Consultation,
	type ServerToClientEvents,
	type SessionTokens,
	type Specialty,
} from '@consultdesk/protocol';
import { io, type Socket } from 'socket.io-client';
import { hashPassword } from '../auth/password-hasher.js';
import { loadConfig, type ServerConfigInput } from '../config.js';
import { ConsultationServer } from '../consultation-server.js';
import { DEMO_PASSWORD } from '../demo-seed.js';
import { createLogger } from '../logger.js';

export { gpsExifSegment, jpegWithGps, TINY_JPEG } from './still-fixtures.js';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export function tempDataDir(): string {
	return mkdtempSync(join(tmpdir(), 'consultdesk-test-'));
}

/**
 * A real server on a free loopback port with one worker (its media on free
 * ports, so test files running side by side do not collide), silent logs, and
 * a real SQLite file in a fresh temporary directory seeded with the demo
 * accounts (sok: clinic doctor; wang: respiratory; chen: cardiology; admin).
 * `overrides` set any config key: `host`, `rtcListenIp` and
 * `rtcAnnouncedAddress` put it on another interface, `rtcPort` fixes its ports.
 */
export async function startTestServer(overrides: ServerConfigInput = {}, clock?: TestClock): Promise<ConsultationServer> {
	const config = loadConfig({}, { port: 0, rtcPort: 0, workers: 1, logLevel: 'silent', dataDir: tempDataDir(), demo: true, signInPerMinute: 10_000, ...overrides });
	return ConsultationServer.start(config, createLogger(config), clock ? { now: () => clock.now() } : {});
}

/** A clock a test can move forward, for what happens after minutes or hours. */
export class TestClock {
	#offsetMs = 0;
	now(): Date {
		return new Date(Date.now() + this.#offsetMs);
	}
	advance(ms: number): void {
		this.#offsetMs += ms;
	}
}

export async function signIn(server: ConsultationServer, username: string, password = DEMO_PASSWORD): Promise<SessionTokens> {
	const response = await fetch(`${server.url}${HTTP_ROUTES.signIn}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password }),
	});
	if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
	return sessionTokensSchema.parse(await response.json());
}

/** A socket with exactly this handshake `auth`; rejects with the handshake's error (its `data.code`). */
export async function connectClient(server: ConsultationServer, auth: Record<string, unknown>): Promise<TestClient> {
	const socket: TestClient = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', (error) => {
			socket.disconnect();
			reject(error);
		});
	});
	return socket;
}

/** The error code a handshake with this `auth` is refused with. */
export async function handshakeRefusal(server: ConsultationServer, auth: Record<string, unknown>): Promise<string> {
	try {
		const socket = await connectClient(server, auth);
		socket.disconnect();
		return 'CONNECTED';
	} catch (error) {
		return (error as { data?: { code?: string } }).data?.code ?? `no code: ${(error as Error).message}`;
	}
}

/** Signs in and connects as that account. */
export async function connectAs(server: ConsultationServer, username: string): Promise<TestClient & { tokens: SessionTokens }> {
	const tokens = await signIn(server, username);
	const socket = await connectClient(server, { token: tokens.accessToken, protocolVersion: PROTOCOL_VERSION });
	return Object.assign(socket, { tokens });
}

/** The sockets a test file signs in with, closed together when it ends. */
export class TestSessions {
	readonly #server: () => ConsultationServer;
	readonly #open: TestClient[] = [];

	/** `server`: read when a socket is opened, so it may be started in beforeAll. */
	constructor(server: () => ConsultationServer) {
		this.#server = server;
	}

	async as(username: string): Promise<TestClient & { tokens: SessionTokens }> {
		const socket = await connectAs(this.#server(), username);
		this.#open.push(socket);
		return socket;
	}

	closeAll(): void {
		for (const socket of this.#open.splice(0)) socket.disconnect();
	}
}

/** Adds an account (and a clinic for a clinic doctor) with the demo password. */
export async function createAccount(
	server: ConsultationServer,
	input: { username: string; role: AccountRole; specialties?: Specialty[]; clinicId?: string; clinicName?: string },
): Promise<{ accountId: string; clinicId?: string }> {
	let clinicId = input.clinicId;
	if (input.role === 'clinic-doctor' && !clinicId) {
		clinicId = (await server.records.accounts.createClinic({ name: input.clinicName ?? `${input.username}'s clinic`, country: 'KH' })).clinicId;
	}
	const account = await server.records.accounts.create({
		username: input.username,
		displayName: `Dr ${input.username}`,
		role: input.role,
		passwordHash: await hashPassword(DEMO_PASSWORD),
		specialties: input.specialties ?? [],
		...(clinicId ? { clinicId } : {}),
	});
	return { accountId: account.accountId, ...(clinicId ? { clinicId } : {}) };
}

/** The clinic (sok) asks for a consultation about a demo patient. */
export async function requestConsultation(
	clinic: TestClient,
	input: { specialty?: Specialty; urgency?: Consultation['urgency']; reference?: string } = {},
): Promise<Consultation> {
	const { patients } = await sendRequest(clinic, 'patient:list', {});
	const patient = patients.find((p) => p.reference === (input.reference ?? 'KC-0001'));
	if (!patient) throw new Error('demo patient missing');
	const { consultation } = await sendRequest(clinic, 'consultation:request', {
		patientId: patient.patientId,
		reason: 'Productive cough and wheeze for five days',
		specialty: input.specialty ?? 'respiratory',
		urgency: input.urgency ?? 'urgent',
	});
	return consultation;
}

/** A consultation the clinic requested and the expert accepted: ready for both to join its room. */
export async function acceptedConsultation(clinic: TestClient, expert: TestClient, specialty: Specialty = 'respiratory'): Promise<Consultation> {
	const requested = await requestConsultation(clinic, { specialty });
	return (await sendRequest(expert, 'consultation:accept', { consultationId: requested.consultationId })).consultation;
}

/** Resolves with the next payload of a notification. */
export function nextNotification<E extends keyof ServerToClientEvents>(
	socket: TestClient,
	event: E,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
	return new Promise((resolve) => {
		socket.once(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => resolve(payload)) as never);
	});
}

/**
 * Drops a socket's connection the way a lost link does (the server sees its
 * transport close), not the way an app signing out does (a deliberate
 * disconnect, which gives up the seat).
 */
export function dropLink(socket: TestClient): void {
	socket.io.engine.close();
}

/** Every payload of a notification from now on, for tests that check what did (not) arrive. */
export function collectNotifications<E extends keyof ServerToClientEvents>(socket: TestClient, event: E): Parameters<ServerToClientEvents[E]>[0][] {
	const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
	socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
	return seen;
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** RTP parameters as a browser would send them for one Opus stream. */
export function opusRtpParameters(ssrc: number) {
	return {
		mid: '0',
		codecs: [
			{
				mimeType: 'audio/opus',
				payloadType: 111,
				clockRate: 48_000,
				channels: 2,
				parameters: { stereo: 1, useinbandfec: 1, usedtx: 0 },
				rtcpFeedback: [],
			},
		],
		headerExtensions: [],
		encodings: [{ ssrc }],
		rtcp: { cname: `test-${ssrc}`, reducedSize: true },
	};
}
