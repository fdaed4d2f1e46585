import { PROTOCOL_VERSION, ProtocolError, type HandshakeAuth } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignalingConnection, type ConnectionStatus, type SignalingSocket } from './signaling-connection.js';

/** Stands in for socket.io-client: the test decides how each handshake ends. */
class FakeSocket extends EventEmitter {
	readonly io = new EventEmitter();
	connected = false;
	handshakes: HandshakeAuth[] = [];
	/** How the server answers the next handshake: accept, refuse with a code, or no network. */
	outcome: 'accept' | { refuse: string } | 'network' = 'accept';
	acks: unknown[] = [];

	constructor(private readonly auth: (callback: (auth: HandshakeAuth) => void) => void) {
		super();
		queueMicrotask(() => this.connect());
	}

	connect(): void {
		this.auth((auth) => {
			this.handshakes.push(auth);
			const outcome = this.outcome;
			if (outcome === 'accept') {
				this.connected = true;
				this.emit('connect');
			} else if (outcome === 'network') {
				this.io.emit('error', new Error('xhr poll error'));
				this.emit('connect_error', new Error('websocket error'));
			} else {
				this.emit('connect_error', Object.assign(new Error('refused'), { data: { code: outcome.refuse } }));
			}
		});
	}

	disconnect(): void {
		this.connected = false;
	}

	/** The server dropping the connection, or the network going away. */
	drop(reason: string): void {
		this.connected = false;
		this.emit('disconnect', reason);
	}

	timeout() {
		return { emitWithAck: async () => this.acks.shift() };
	}
}

function setUp() {
	const tokens: (string | undefined)[] = [];
	let current = 1;
	let socket!: FakeSocket;
	const connection = new SignalingConnection({
		serverUrl: 'http://server.test',
		retryDelayMs: 1_000,
		accessToken: async (rejected) => {
			tokens.push(rejected);
			if (rejected === `access-${current}`) current++;
			return `access-${current}`;
		},
		createSocket: (_url, options) => {
			socket = new FakeSocket((options as { auth: (cb: (auth: HandshakeAuth) => void) => void }).auth);
			return socket as unknown as SignalingSocket;
		},
	});
	const statuses: ConnectionStatus[] = [];
	connection.on('status', (s) => statuses.push(s));
	return { connection, socket: () => socket, tokens, statuses };
}

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe('SignalingConnection', () => {
	it('connects with the access token and the protocol version', async () => {
		const { connection, socket, statuses } = setUp();
		await connection.connected();
		expect(socket().handshakes).toEqual([{ token: 'access-1', protocolVersion: PROTOCOL_VERSION }]);
		expect(statuses).toEqual(['connected']);
	});

	it('turns a refused handshake into a ProtocolError with the server’s code', async () => {
		const { connection, socket } = setUp();
		socket().outcome = { refuse: 'PROTOCOL_OUTDATED' };
		const refused = vi.fn();
		connection.on('refused', refused);
		await expect(connection.connected()).rejects.toMatchObject({ code: 'PROTOCOL_OUTDATED' });
		expect(refused.mock.calls[0]?.[0]).toBeInstanceOf(ProtocolError);
		expect(connection.status).toBe('closed');
	});

	it('reports a network failure as UNREACHABLE, not as a refusal', async () => {
		const { connection, socket } = setUp();
		socket().outcome = 'network';
		const refused = vi.fn();
		connection.on('refused', refused);
		await expect(connection.connected()).rejects.toMatchObject({ code: 'UNREACHABLE' });
		expect(refused).not.toHaveBeenCalled();
		expect(connection.status).toBe('connecting');
	});

	it('after an expired token, connects again with a refreshed one', async () => {
		const { connection, socket, tokens } = setUp();
		await connection.connected();
		socket().outcome = { refuse: 'TOKEN_EXPIRED' };
		socket().drop('io server disconnect');
		await vi.advanceTimersByTimeAsync(1_000); // the retry after the server closed the connection
		expect(connection.status).toBe('reconnecting');
		socket().outcome = 'accept';
		const connected = vi.fn();
		connection.on('connected', connected);
		await vi.advanceTimersByTimeAsync(1_000);
		expect(tokens).toEqual([undefined, undefined, 'access-1']);
		expect(socket().handshakes.at(-1)?.token).toBe('access-2');
		expect(connected).toHaveBeenCalledTimes(1);
		expect(connection.status).toBe('connected');
	});

	it('answers UNREACHABLE at once while disconnected', async () => {
		const { connection, socket } = setUp();
		await connection.connected();
		socket().drop('transport close');
		await expect(connection.request('patient:list', {})).rejects.toMatchObject({ code: 'UNREACHABLE' });
	});

	it('validates notifications and reports malformed ones as problems', async () => {
		const { connection, socket } = setUp();
		await connection.connected();
		const presence = vi.fn();
		const problems = vi.fn();
		connection.on('problem', problems);
		const unsubscribe = connection.subscribe('presence:changed', presence);
		socket().emit('presence:changed', { accountId: 'wang', presence: 'busy' });
		socket().emit('presence:changed', { accountId: 'wang', presence: 'sleeping' });
		expect(presence).toHaveBeenCalledWith({ accountId: 'wang', presence: 'busy' });
		expect(presence).toHaveBeenCalledTimes(1);
		expect(problems.mock.calls[0]?.[0]).toMatchObject({ code: 'INVALID_PAYLOAD' });
		unsubscribe();
		socket().emit('presence:changed', { accountId: 'wang', presence: 'away' });
		expect(presence).toHaveBeenCalledTimes(1);
	});
});
