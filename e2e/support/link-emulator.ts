import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/*
 * A user-space link emulator: UDP and TCP relays that hold each packet (or
 * each chunk of a TCP stream) for a configured one-way delay with random
 * jitter, drop UDP packets at random, and serialise everything through a rate
 * limit with a bounded queue, like a slow access link. This kernel has no
 * netem, so delay and jitter cannot come from tc; put this between a client
 * and a server (see ClinicLink.emulate, which redirects the clinic's traffic
 * into it with nftables) and both sides see a long, lossy link.
 */

/** What one direction of the link does to the packets crossing it. */
export interface LinkProfile {
	/** One-way delay added to every packet, ms. */
	delayMs?: number;
	/** Each packet's delay varies uniformly within ±jitterMs around delayMs (never below zero). */
	jitterMs?: number;
	/**
	 * Whether jitter may reorder UDP packets (a packet delayed less overtakes
	 * one sent before it), as on a multi-path link. Without it a packet never
	 * leaves before the one sent before it, as on one queue. TCP streams are
	 * never reordered.
	 */
	reorder?: boolean;
	/** Random loss of UDP packets, percent (TCP cannot lose bytes: use ClinicLink.setLoss under it). */
	lossPercent?: number;
	/** Bottleneck rate, kbit/s; absent: no limit. */
	rateKbit?: number;
	/** Longest a packet may wait in the bottleneck's queue before it is dropped (UDP), ms. Default 400. */
	queueMs?: number;
}

/** The two directions: `up` from the client (the clinic) to the target (the server), `down` back. */
export interface LinkProfiles {
	up?: LinkProfile;
	down?: LinkProfile;
}

export interface ForwardRule {
	protocol: 'udp' | 'tcp';
	/** Where the relayed traffic goes. */
	target: { host: string; port: number };
	/** The emulator's own port for this rule; 0 or absent: any free port. */
	listenPort?: number;
}

export interface LinkEmulatorOptions extends LinkProfiles {
	/** Address the emulator's ports bind to. */
	listenHost: string;
	forwards: ForwardRule[];
	/** Random numbers in [0, 1) for loss and jitter; a seeded generator makes a run repeatable. */
	random?: () => number;
}

/** An open forward: the port the emulator listens on for it. */
export interface Forward extends ForwardRule {
	listenPort: number;
}

export interface DirectionStats {
	/** Packets (UDP) or chunks (TCP) that entered this direction. */
	packets: number;
	bytes: number;
	/** UDP packets dropped by random loss. */
	lost: number;
	/** UDP packets dropped because the bottleneck's queue was longer than queueMs. */
	overflowed: number;
	delivered: number;
}

const DEFAULT_QUEUE_MS = 400;

/** Items delivered at their due time, in due-time order (insertion order among equals), with one timer. */
class DelayLine {
	readonly #items: { due: number; deliver: () => void }[] = [];
	#timer: NodeJS.Timeout | undefined;
	#armedFor = Infinity;
	#closed = false;

	add(due: number, deliver: () => void): void {
		if (this.#closed) return;
		// Binary search for the first item due later: equal times keep their order.
		let lo = 0;
		let hi = this.#items.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.#items[mid]!.due <= due) lo = mid + 1;
			else hi = mid;
		}
		this.#items.splice(lo, 0, { due, deliver });
		if (due < this.#armedFor) this.#arm();
	}

	close(): void {
		this.#closed = true;
		clearTimeout(this.#timer);
		this.#items.length = 0;
	}

	#arm(): void {
		clearTimeout(this.#timer);
		const head = this.#items[0];
		if (!head) {
			this.#armedFor = Infinity;
			return;
		}
		this.#armedFor = head.due;
		this.#timer = setTimeout(() => this.#flush(), Math.max(0, head.due - performance.now()));
	}

	#flush(): void {
		// Node's timers fire on whole milliseconds: what is due within half of one goes now.
		const now = performance.now() + 0.5;
		while (this.#items.length > 0 && this.#items[0]!.due <= now) this.#items.shift()!.deliver();
		this.#arm();
	}
}

/** One direction of the link: decides each packet's fate and delivers the survivors when due. */
class LinkDirection {
	profile: LinkProfile = {};
	readonly stats: DirectionStats = { packets: 0, bytes: 0, lost: 0, overflowed: 0, delivered: 0 };
	readonly #line = new DelayLine();
	readonly #random: () => number;
	/** When the bottleneck has sent everything queued so far. */
	#busyUntil = 0;
	/** Due time of the last packet, for the no-reordering rule. */
	#lastDue = 0;

	constructor(random: () => number) {
		this.#random = random;
	}

	/**
	 * Sends `bytes` across. `lossy`: a datagram, which loss and a full queue
	 * may drop. `notBefore`: the due time it may not precede (a stream's
	 * previous chunk). Returns its due time, or undefined when it was dropped.
	 */
	send(bytes: number, deliver: () => void, lossy: boolean, notBefore = 0): number | undefined {
		const { delayMs = 0, jitterMs = 0, reorder = false, lossPercent = 0, rateKbit, queueMs = DEFAULT_QUEUE_MS } = this.profile;
		const now = performance.now();
		this.stats.packets++;
		this.stats.bytes += bytes;
		if (lossy && lossPercent > 0 && this.#random() * 100 < lossPercent) {
			this.stats.lost++;
			return undefined;
		}
		let departure = now;
		if (rateKbit !== undefined && rateKbit > 0) {
			const start = Math.max(now, this.#busyUntil);
			if (lossy && start - now > queueMs) {
				this.stats.overflowed++;
				return undefined;
			}
			// bits / (kbit/s) = ms on the wire.
			this.#busyUntil = start + (bytes * 8) / rateKbit;
			departure = this.#busyUntil;
		}
		let due = departure + Math.max(0, delayMs + (jitterMs > 0 ? (this.#random() * 2 - 1) * jitterMs : 0));
		if (!reorder) due = Math.max(due, this.#lastDue);
		due = Math.max(due, notBefore);
		this.#lastDue = Math.max(this.#lastDue, due);
		this.#line.add(due, () => {
			this.stats.delivered++;
			deliver();
		});
		return due;
	}

	close(): void {
		this.#line.close();
	}
}

/** UDP: one upstream socket per client address and port, so the target sees each client flow as its own. */
class UdpForward {
	readonly #socket: UdpSocket;
	readonly #flows = new Map<string, UdpSocket>();

	private constructor(
		socket: UdpSocket,
		readonly rule: ForwardRule,
		readonly up: LinkDirection,
		readonly down: LinkDirection,
	) {
		this.#socket = socket;
		socket.on('message', (message, from) => this.#fromClient(message, from));
	}

	static async open(listenHost: string, rule: ForwardRule, up: LinkDirection, down: LinkDirection): Promise<UdpForward> {
		const socket = createSocket('udp4');
		socket.bind(rule.listenPort ?? 0, listenHost);
		await once(socket, 'listening');
		return new UdpForward(socket, rule, up, down);
	}

	get port(): number {
		return this.#socket.address().port;
	}

	#fromClient(message: Buffer, from: RemoteInfo): void {
		const key = `${from.address}:${from.port}`;
		let upstream = this.#flows.get(key);
		if (!upstream) {
			const flow = createSocket('udp4');
			flow.on('message', (reply) => this.down.send(reply.length, () => this.#socket.send(reply, from.port, from.address, ignore), true));
			flow.on('error', ignore);
			this.#flows.set(key, flow);
			upstream = flow;
		}
		const socket = upstream;
		this.up.send(message.length, () => socket.send(message, this.rule.target.port, this.rule.target.host, ignore), true);
	}

	close(): void {
		for (const flow of this.#flows.values()) flow.close();
		this.#flows.clear();
		this.#socket.close();
	}
}

/** TCP: each accepted connection gets its own upstream connection; chunks keep their order, only their timing changes. */
class TcpForward {
	private constructor(
		readonly server: Server,
		/** Both ends of every relayed connection, so close() can end them. */
		readonly sockets: Set<Socket>,
	) {}

	static async open(listenHost: string, rule: ForwardRule, up: LinkDirection, down: LinkDirection): Promise<TcpForward> {
		const sockets = new Set<Socket>();
		// Half-open allowed: an end crosses the link after the bytes before it, not at once.
		const server = createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
			const upstream = connect({ host: rule.target.host, port: rule.target.port, noDelay: true, allowHalfOpen: true });
			for (const s of [client, upstream]) {
				sockets.add(s);
				s.once('close', () => sockets.delete(s));
			}
			pipeDelayed(client, upstream, up);
			pipeDelayed(upstream, client, down);
			const destroyBoth = () => {
				client.destroy();
				upstream.destroy();
			};
			client.on('error', destroyBoth);
			upstream.on('error', destroyBoth);
		});
		server.listen(rule.listenPort ?? 0, listenHost);
		await once(server, 'listening');
		return new TcpForward(server, sockets);
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	async close(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

/** Relays a stream through one direction of the link, in order, and its end after its last byte. */
function pipeDelayed(from: Socket, to: Socket, direction: LinkDirection): void {
	let lastDue = 0;
	from.on('data', (chunk: Buffer) => {
		lastDue = direction.send(chunk.length, () => {
			if (!to.destroyed) to.write(chunk);
		}, false, lastDue) ?? lastDue;
	});
	from.on('end', () => {
		direction.send(0, () => {
			if (!to.destroyed) to.end();
		}, false, lastDue);
	});
}

function ignore(): void {}

/**
 * The emulator: a set of forwards (UDP and TCP ports relaying to a target)
 * sharing one link, `up` for what clients send and `down` for the answers.
 * Profiles can change while traffic flows.
 */
export class LinkEmulator {
	readonly forwards: readonly Forward[];
	readonly #up: LinkDirection;
	readonly #down: LinkDirection;
	readonly #udp: UdpForward[];
	readonly #tcp: TcpForward[];

	private constructor(forwards: Forward[], up: LinkDirection, down: LinkDirection, udp: UdpForward[], tcp: TcpForward[]) {
		this.forwards = forwards;
		this.#up = up;
		this.#down = down;
		this.#udp = udp;
		this.#tcp = tcp;
	}

	static async start(options: LinkEmulatorOptions): Promise<LinkEmulator> {
		const random = options.random ?? Math.random;
		const up = new LinkDirection(random);
		const down = new LinkDirection(random);
		const udp: UdpForward[] = [];
		const tcp: TcpForward[] = [];
		const forwards: Forward[] = [];
		try {
			for (const rule of options.forwards) {
				if (rule.protocol === 'udp') {
					const forward = await UdpForward.open(options.listenHost, rule, up, down);
					udp.push(forward);
					forwards.push({ ...rule, listenPort: forward.port });
				} else {
					const forward = await TcpForward.open(options.listenHost, rule, up, down);
					tcp.push(forward);
					forwards.push({ ...rule, listenPort: forward.port });
				}
			}
		} catch (error) {
			for (const f of udp) f.close();
			await Promise.all(tcp.map((f) => f.close()));
			throw error;
		}
		const emulator = new LinkEmulator(forwards, up, down, udp, tcp);
		emulator.setProfiles(options);
		return emulator;
	}

	/** The emulator's port that relays to this target port. */
	portFor(protocol: 'udp' | 'tcp', targetPort: number): number {
		const forward = this.forwards.find((f) => f.protocol === protocol && f.target.port === targetPort);
		if (!forward) throw new Error(`no ${protocol} forward to port ${targetPort}`);
		return forward.listenPort;
	}

	/** Changes what the link does from now on; a direction not given keeps its profile. */
	setProfiles(profiles: LinkProfiles): void {
		if (profiles.up) this.#up.profile = { ...profiles.up };
		if (profiles.down) this.#down.profile = { ...profiles.down };
	}

	/** The same profile in both directions (a round trip of twice its delay). */
	setProfile(profile: LinkProfile): void {
		this.setProfiles({ up: profile, down: profile });
	}

	stats(): { up: DirectionStats; down: DirectionStats } {
		return { up: { ...this.#up.stats }, down: { ...this.#down.stats } };
	}

	async close(): Promise<void> {
		this.#up.close();
		this.#down.close();
		for (const f of this.#udp) f.close();
		await Promise.all(this.#tcp.map((f) => f.close()));
	}
}
