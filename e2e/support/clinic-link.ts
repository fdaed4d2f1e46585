import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsultationServer } from '@consultdesk/signaling-server';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium, type FakeMedia } from './chromium.js';
import { LinkEmulator, type ForwardRule, type LinkProfiles } from './link-emulator.js';

/*
 * The clinic's network link, for tests: the clinic terminal's Chromium runs
 * in a network namespace of its own, joined by a veth pair to the namespace
 * the tests run in (e2e/scripts/in-test-netns.sh), where the server and the
 * expert's Chromium are. Everything between the clinic and the server crosses
 * that one pair, so the tests can cut it, block UDP, narrow it (tc tbf), lose
 * packets (nftables), move the clinic to a new address, or route it through
 * the user-space LinkEmulator for delay and jitter (the kernel has no netem).
 *
 *   clinic namespace                 test namespace
 *   Chromium (clinic) ── clinicN-c ═══ clinicN-s ── server (HTTP, WebRtcServer ports)
 *   10.<100+k>.N.2/32      veth pair    10.78.N.1/32   expert's Chromium
 *
 * Drops happen at each end's ingress (nftables netdev hooks), so no sender
 * sees an error: packets just vanish, as on a dead link. Rules and qdiscs go
 * only on this pair and into these namespaces. Requires root and iproute2,
 * tc and nft (scripts/prepare-e2e.mjs installs nftables).
 */

let created = 0;
const live = new Set<ClinicLink>();
process.once('exit', () => {
	for (const link of live) link.closeSync();
});

export interface Rate {
	/** Clinic → server, kbit/s; absent: unlimited. */
	upKbit?: number;
	/** Server → clinic, kbit/s; absent: unlimited. */
	downKbit?: number;
}

export interface Loss {
	/** Clinic → server, percent of packets. */
	upPercent?: number;
	/** Server → clinic, percent of packets. */
	downPercent?: number;
}

/** What the filters do now; each operation changes one part and reapplies all. */
interface FilterState {
	cut: boolean;
	udpBlocked: boolean;
	loss: Required<Loss>;
}

/** Runs a command; rejects with its stderr. */
function run(command: string, args: string[], input?: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
		// A command that reads no input may exit before it is written: that is not its failure.
		child.stdin.on('error', () => undefined);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d));
		child.stderr.on('data', (d: Buffer) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')}: exit ${code}: ${stderr.trim()}`))));
		child.stdin.end(input);
	});
}

export class ClinicLink {
	/** The clinic's network namespace (`ip netns exec <namespace> …`). */
	readonly namespace: string;
	/** The test namespace's end of the link: the server must listen here for the clinic to reach it. */
	readonly serverAddress: string;
	/** The veth end in the test namespace (server side) and in the clinic namespace. */
	readonly serverDevice: string;
	readonly clinicDevice = 'clinic0';
	readonly #index: number;
	readonly #wrapperDir: string;
	#addressGeneration = 0;
	#filters: FilterState = { cut: false, udpBlocked: false, loss: { upPercent: 0, downPercent: 0 } };
	#emulator: LinkEmulator | undefined;
	#closed = false;

	private constructor(index: number) {
		this.#index = index;
		// Under scripts/in-test-netns.sh, named after its namespace, which removes it too however this process ends.
		this.namespace = `${process.env.CONSULTDESK_TEST_NETNS ?? 'consultdesk'}-clinic-${process.pid}-${index}`;
		this.serverAddress = `10.78.${index}.1`;
		this.serverDevice = `clinic${index}-s`;
		this.#wrapperDir = mkdtempSync(join(tmpdir(), 'consultdesk-clinic-link-'));
	}

	/** Why links cannot be made here (not root, no iproute2 or nft), or undefined when they can. */
	static unsupportedReason(): string | undefined {
		if (process.getuid?.() !== 0) return 'the clinic link needs root (run the tests through scripts/in-test-netns.sh as root)';
		for (const tool of ['ip', 'tc', 'nft']) {
			try {
				execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
			} catch {
				return `the clinic link needs ${tool} (scripts/prepare-e2e.mjs installs nftables)`;
			}
		}
		return undefined;
	}

	/** Makes the clinic's namespace and its link to this one. Close it (always: afterAll / finally). */
	static async create(): Promise<ClinicLink> {
		const link = new ClinicLink(created++);
		live.add(link);
		try {
			await link.#setUp();
		} catch (error) {
			await link.close();
			throw error;
		}
		return link;
	}

	/** The clinic's address now; changeAddress() moves it. */
	get clinicAddress(): string {
		return `10.${100 + this.#addressGeneration}.${this.#index}.2`;
	}

	/** Config overrides that put the server where both the clinic and the expert reach it. */
	serverConfig(): { host: string; rtcListenIp: string } {
		return { host: this.serverAddress, rtcListenIp: this.serverAddress };
	}

	/**
	 * Chromium flags for a page of `serverUrl` (plain http on the veth address,
	 * not localhost): camera, microphone and crypto need a secure context.
	 * Both the clinic's and the expert's browser need them.
	 */
	static browserFlags(serverUrl: string): string[] {
		return [`--unsafely-treat-insecure-origin-as-secure=${new URL(serverUrl).origin}`];
	}

	/** A Chromium inside the clinic's namespace: every packet it sends or gets crosses the link. */
	async launchClinicChromium(serverUrl: string, media: FakeMedia = {}, extraFlags: string[] = []): Promise<Browser> {
		const wrapper = join(this.#wrapperDir, 'chromium-in-clinic-namespace');
		writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${this.namespace} ${CHROMIUM_PATH} "$@"\n`);
		chmodSync(wrapper, 0o755);
		return launchChromium(media, [...ClinicLink.browserFlags(serverUrl), ...extraFlags], wrapper);
	}

	/** Runs a command inside the clinic's namespace; resolves with its output. */
	exec(command: string, args: string[] = [], input?: string): Promise<string> {
		return run('ip', ['netns', 'exec', this.namespace, command, ...args], input);
	}

	/** An HTTP GET from the clinic's namespace: the status, or the error when nothing answered within `timeoutMs`. */
	async fetchFromClinic(url: string, timeoutMs = 2000): Promise<{ status: number } | { error: string }> {
		// Exits at once: a connection attempt still retrying on a cut link would keep node alive.
		const script = `fetch(process.argv[1], { signal: AbortSignal.timeout(${timeoutMs}) }).then(async (r) => { await r.arrayBuffer(); return { status: r.status }; }, (e) => ({ error: String(e.cause?.code ?? e.name) })).then((result) => { console.log(JSON.stringify(result)); process.exit(0); })`;
		return JSON.parse(await this.exec(process.execPath, ['-e', script, url])) as { status: number } | { error: string };
	}

	/** Nothing crosses the link either way until restore(); connections stay open on both sides, as on a dead Wi-Fi. */
	cut(): Promise<void> {
		return this.#setFilters({ cut: true });
	}

	restore(): Promise<void> {
		return this.#setFilters({ cut: false });
	}

	/** UDP is dropped both ways (a firewall that lets only TCP through); TCP still flows. */
	blockUdp(): Promise<void> {
		return this.#setFilters({ udpBlocked: true });
	}

	unblockUdp(): Promise<void> {
		return this.#setFilters({ udpBlocked: false });
	}

	/**
	 * Random packet loss (nftables numgen), `percent` each way or per
	 * direction; 0 stops it. It drops every protocol, so TCP retransmits.
	 */
	setLoss(loss: number | Loss): Promise<void> {
		const { upPercent = 0, downPercent = 0 } = typeof loss === 'number' ? { upPercent: loss, downPercent: loss } : loss;
		for (const p of [upPercent, downPercent]) if (!(p >= 0 && p <= 100)) throw new RangeError(`loss must be 0–100 %, not ${p}`);
		return this.#setFilters({ loss: { upPercent: Math.round(upPercent), downPercent: Math.round(downPercent) } });
	}

	/**
	 * The link's bottleneck (tc tbf, on each end's egress): `kbit` each way, or
	 * per direction; null (or a direction left out) removes the limit.
	 */
	async setRate(rate: number | Rate | null): Promise<void> {
		const { upKbit, downKbit } = rate === null ? {} : typeof rate === 'number' ? { upKbit: rate, downKbit: rate } : rate;
		await Promise.all([this.#shape(true, upKbit), this.#shape(false, downKbit)]);
	}

	/**
	 * Moves the clinic to a new address, as a terminal switching from Wi-Fi to
	 * a mobile network does: the new address is added, the routes on both
	 * sides follow it and the old address is removed, so connections bound to
	 * it are dead. Resolves with the new address.
	 */
	async changeAddress(): Promise<string> {
		const old = this.clinicAddress;
		this.#addressGeneration++;
		const address = this.clinicAddress;
		const dev = this.clinicDevice;
		await this.exec('ip', ['addr', 'add', `${address}/32`, 'dev', dev]);
		await this.exec('ip', ['route', 'replace', `${this.serverAddress}/32`, 'dev', dev, 'src', address]);
		await this.exec('ip', ['route', 'replace', 'default', 'via', this.serverAddress, 'dev', dev, 'src', address]);
		await run('ip', ['route', 'add', `${address}/32`, 'dev', this.serverDevice, 'src', this.serverAddress]);
		await this.exec('ip', ['addr', 'del', `${old}/32`, 'dev', dev]);
		await run('ip', ['route', 'del', `${old}/32`, 'dev', this.serverDevice]);
		return address;
	}

	/**
	 * Sends the clinic's traffic to this server (HTTP/WebSocket and every
	 * worker's WebRtcServer ports) through a LinkEmulator with these profiles:
	 * nftables in the test namespace redirects what arrives from the clinic to
	 * the emulator, which relays it to the server. Transparent to both: the
	 * server announces its own address, the clinic keeps the server's URL, and
	 * the expert's traffic does not cross it. Call it before the clinic
	 * connects (flows already tracked keep their path). The emulator's
	 * profiles can be changed later with setProfiles().
	 */
	async emulate(server: ConsultationServer, profiles: LinkProfiles = {}): Promise<LinkEmulator> {
		if (this.#emulator) throw new Error('this link already goes through an emulator');
		const target = (port: number) => ({ host: this.serverAddress, port });
		const loads = server.health().workers.load;
		const forwards: ForwardRule[] = [
			{ protocol: 'tcp', target: target(Number(new URL(server.url).port)) },
			...loads.map((l): ForwardRule => ({ protocol: 'tcp', target: target(l.tcpPort) })),
			...loads.map((l): ForwardRule => ({ protocol: 'udp', target: target(l.udpPort) })),
		];
		const emulator = await LinkEmulator.start({ listenHost: this.serverAddress, forwards, ...profiles });
		this.#emulator = emulator;
		const rules = emulator.forwards
			.map((f) => `iifname "${this.serverDevice}" ip daddr ${this.serverAddress} ${f.protocol} dport ${f.target.port} dnat to ${this.serverAddress}:${f.listenPort}`)
			.join('\n\t\t');
		try {
			await run('nft', ['-f', '-'], `table ip ${this.#natTable} {\n\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\t${rules}\n\t}\n}\n`);
		} catch (error) {
			this.#emulator = undefined;
			await emulator.close();
			throw error;
		}
		return emulator;
	}

	/** Takes the emulator out (new flows go direct again) and closes it. */
	async stopEmulating(): Promise<void> {
		const emulator = this.#emulator;
		if (!emulator) return;
		this.#emulator = undefined;
		await run('nft', ['delete', 'table', 'ip', this.#natTable]).catch(() => undefined);
		await emulator.close();
	}

	/** Removes the namespace, the link, its rules and the emulator. Safe to call twice. */
	async close(): Promise<void> {
		if (this.#closed) return;
		await this.stopEmulating().catch(() => undefined);
		this.closeSync();
	}

	/** The same, synchronously: for process exit, when a test run stops early. */
	closeSync(): void {
		if (this.#closed) return;
		this.#closed = true;
		live.delete(this);
		const quiet = { stdio: 'ignore' as const };
		for (const args of [
			['nft', 'delete', 'table', 'netdev', this.#filterTable],
			['nft', 'delete', 'table', 'ip', this.#natTable],
			['ip', 'link', 'del', this.serverDevice],
			['ip', 'netns', 'del', this.namespace],
		]) {
			try {
				execFileSync(args[0]!, args.slice(1), quiet);
			} catch {
				// Not made yet, or already gone with the namespace.
			}
		}
		rmSync(this.#wrapperDir, { recursive: true, force: true });
	}

	get #filterTable(): string {
		return `clinic_link_${this.#index}`;
	}

	get #natTable(): string {
		return `clinic_link_${this.#index}_nat`;
	}

	async #setUp(): Promise<void> {
		const ns = this.namespace;
		await run('ip', ['netns', 'add', ns]);
		await run('ip', ['link', 'add', this.serverDevice, 'type', 'veth', 'peer', 'name', this.clinicDevice, 'netns', ns]);
		await run('ip', ['addr', 'add', `${this.serverAddress}/32`, 'dev', this.serverDevice]);
		await run('ip', ['link', 'set', this.serverDevice, 'up']);
		await run('ip', ['route', 'add', `${this.clinicAddress}/32`, 'dev', this.serverDevice, 'src', this.serverAddress]);
		await this.exec('ip', ['link', 'set', 'lo', 'up']);
		await this.exec('ip', ['addr', 'add', `${this.clinicAddress}/32`, 'dev', this.clinicDevice]);
		await this.exec('ip', ['link', 'set', this.clinicDevice, 'up']);
		await this.exec('ip', ['route', 'add', `${this.serverAddress}/32`, 'dev', this.clinicDevice, 'src', this.clinicAddress]);
		await this.exec('ip', ['route', 'add', 'default', 'via', this.serverAddress, 'dev', this.clinicDevice, 'src', this.clinicAddress]);
		await this.#setFilters({});
	}

	/**
	 * One netdev table per end, replaced atomically: the clinic end's ingress
	 * is the down direction, the server end's ingress the up direction.
	 */
	async #setFilters(change: Partial<FilterState>): Promise<void> {
		this.#filters = { ...this.#filters, ...change };
		const { cut, udpBlocked, loss } = this.#filters;
		const rules = (lossPercent: number) =>
			[cut ? 'drop' : '', udpBlocked ? 'ip protocol udp drop' : '', lossPercent >= 100 ? 'drop' : lossPercent > 0 ? `numgen random mod 100 < ${lossPercent} drop` : ''].filter(Boolean).join('\n\t\t');
		const table = (name: string, device: string, lossPercent: number) =>
			`table netdev ${name} {}\ndelete table netdev ${name}\ntable netdev ${name} {\n\tchain ingress {\n\t\ttype filter hook ingress device "${device}" priority 0; policy accept;\n\t\t${rules(lossPercent)}\n\t}\n}\n`;
		await Promise.all([
			this.exec('nft', ['-f', '-'], table('clinic_link', this.clinicDevice, loss.downPercent)),
			run('nft', ['-f', '-'], table(this.#filterTable, this.serverDevice, loss.upPercent)),
		]);
	}

	/** tbf on one end's egress: the clinic's device limits what it sends (up), the server's what it gets (down). */
	async #shape(up: boolean, kbit: number | undefined): Promise<void> {
		const exec = up ? (args: string[]) => this.exec('tc', args) : (args: string[]) => run('tc', args);
		const dev = up ? this.clinicDevice : this.serverDevice;
		if (kbit === undefined) {
			await exec(['qdisc', 'del', 'dev', dev, 'root']).catch(() => undefined);
			return;
		}
		if (!(kbit > 0)) throw new RangeError(`rate must be above 0 kbit/s, not ${kbit}`);
		// A burst of a few full packets, and up to 400 ms of queue before tail drop, as a slow access link has.
		await exec(['qdisc', 'replace', 'dev', dev, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', '4kb', 'latency', '400ms']);
	}
}
