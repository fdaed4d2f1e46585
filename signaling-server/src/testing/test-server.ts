import type { ClientToServerEvents, ServerToClientEvents } from '@consultdesk/protocol';
import { io, type Socket } from 'socket.io-client';
import { loadConfig, type ServerConfigInput } from '../config.js';
import { ConsultationServer } from '../consultation-server.js';
import { createLogger } from '../logger.js';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real server on a free loopback port with one worker and silent logs. */
export async function startTestServer(overrides: ServerConfigInput = {}): Promise<ConsultationServer> {
	const config = loadConfig({}, { port: 0, workers: 1, logLevel: 'silent', ...overrides });
	return ConsultationServer.start(config, createLogger(config));
}

export async function connectClient(server: ConsultationServer): Promise<TestClient> {
	const socket: TestClient = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return socket;
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
