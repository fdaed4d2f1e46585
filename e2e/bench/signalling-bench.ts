// npm run bench (part 2): signalling load. A real server in its own process;
// from this process N authenticated Socket.IO connections (5,000 by default)
// that join and leave their consultations' media rooms for a bounded time.
// Reports ack latency p50/p99 of room:join and room:leave, the server's
// memory per connection, and sign-in throughput with the server's argon2id
// settings. Writes bench-results/signalling.json. Measures; asserts nothing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
	HTTP_ROUTES,
	PROTOCOL_VERSION,
	sendRequest,
	sessionTokensSchema,
	type ClientToServerEvents,
	type ServerToClientEvents,
	type SessionTokens,
} from '@consultdesk/protocol';
import { hashPassword, openRecords } from '@consultdesk/signaling-server';
import { io, type Socket } from 'socket.io-client';
import { percentile, round1, sleep } from './bench-stats.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '../../signaling-server/dist/cli.js');
const RESULTS = join(here, '../../bench-results/signalling.json');
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 5000);
const CHURN_SECONDS = Number(process.env.BENCH_CHURN_SECONDS ?? 30);
/** Each connection waits this long (uniformly at random) between a join and its leave, and after. */
const THINK_MS: [number, number] = [1000, 4000];
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 60);
const PASSWORD = 'bench-password-not-secret';
/**
 * Seats of one consultation room, each a different account as in real use:
 * the clinic's terminal, the expert who accepted, an invited colleague, and a
 * second invited expert. So notifications fan out as they would, not to
 * thousands of connections of one account.
 */
const SEATS_PER_ROOM = 4;

/**
 * Writes clinics, accounts and accepted consultations straight into the
 * database before the server starts (the server's own stores, one password
 * hash for all): setting up thousands through the API would measure set-up.
 */
async function provision(dataDir: string, rooms: number): Promise<{ usernames: string[][]; consultationIds: string[] }> {
	const records = await openRecords(dataDir);
	const passwordHash = await hashPassword(PASSWORD);
	const usernames: string[][] = [];
	const consultationIds: string[] = [];
	try {
		for (let r = 0; r < rooms; r++) {
			const clinic = await records.accounts.createClinic({ name: `Bench Health Centre ${r}`, country: 'KH' });
			const doctor = await records.accounts.create({ username: `clinic-${r}`, displayName: `Clinic ${r}`, role: 'clinic-doctor', clinicId: clinic.clinicId, passwordHash });
			const experts = await Promise.all(
				[0, 1, 2].map((k) => records.accounts.create({ username: `expert-${r}-${k}`, displayName: `Expert ${r}.${k}`, role: 'expert', specialties: ['respiratory'], passwordHash })),
			);
			const patient = await records.patients.create({ clinicId: clinic.clinicId, reference: `BENCH-${r}`, sex: 'unknown' });
			const consultation = await records.consultations.create({
				clinicId: clinic.clinicId,
				patientId: patient!.patientId,
				requestedBy: doctor.accountId,
				specialty: 'respiratory',
				urgency: 'routine',
				reason: 'bench',
				expiresAt: new Date(Date.now() + 86_400_000),
			});
			await records.consultations.transition(consultation.consultationId, { from: ['requested'], to: 'accepted', actorAccountId: experts[0]!.accountId, participant: { accountId: experts[0]!.accountId, role: 'lead' } });
			for (const invited of experts.slice(1)) await records.consultations.addParticipant(consultation.consultationId, { accountId: invited.accountId, role: 'invited' });
			usernames.push([doctor.username, ...experts.map((e) => e.username)]);
			consultationIds.push(consultation.consultationId);
		}
	} finally {
		await records.close();
	}
	return { usernames, consultationIds };
}

/**
 * On a machine with two or more cores the server (and its media workers) runs
 * on core 0 and this load generator on core 1, so they do not compete; the
 * output says whether that was possible.
 */
const pinning = cpus().length >= 2 && spawnSync('taskset', ['-cp', '1', String(process.pid)]).status === 0;

async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
	const command = pinning ? ['taskset', '-c', '0', process.execPath, ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(' ') ?? []), CLI] : [process.execPath, CLI];
	const child = spawn(command[0]!, command.slice(1), {
		env: {
			...process.env,
			CONSULTDESK_DATA_DIR: dataDir,
			CONSULTDESK_PORT: '0',
			CONSULTDESK_LOG_LEVEL: 'warn',
			CONSULTDESK_LOG_FORMAT: 'json',
			// The bench is one address and does many sign-ins on purpose.
			CONSULTDESK_SIGN_IN_PER_MINUTE: '10000',
			CONSULTDESK_SOCKET_REQUESTS_PER_SECOND: '10000',
		},
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /Consultdesk server: (\S+)/.exec(out);
			if (match) resolve(match[1]!);
		});
		child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
		setTimeout(() => reject(new Error('server did not start in 30 s')), 30_000).unref();
	});
	return { child, url };
}

/** CPU seconds a process has used so far (user + system). */
function cpuSeconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process, MiB. */
function rssMiB(pid: number): number {
	const kib = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
	return kib / 1024;
}

async function signIn(url: string, username: string): Promise<SessionTokens> {
	const response = await fetch(`${url}${HTTP_ROUTES.signIn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
	if (!response.ok) throw new Error(`sign-in of ${username}: ${response.status}`);
	return sessionTokensSchema.parse(await response.json());
}

function connect(url: string, token: string): Promise<Client> {
	const socket: Client = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token, protocolVersion: PROTOCOL_VERSION } });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

async function signInThroughput(url: string, concurrency: number): Promise<{ concurrency: number; perSecond: number; p50Ms: number; p99Ms: number }> {
	const latencies: number[] = [];
	const started = performance.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next++ < SIGN_INS) {
				const t0 = performance.now();
				await signIn(url, 'expert-0-0');
				latencies.push(performance.now() - t0);
			}
		}),
	);
	const seconds = (performance.now() - started) / 1000;
	return { concurrency, perSecond: round1(SIGN_INS / seconds), p50Ms: round1(percentile(latencies, 50)), p99Ms: round1(percentile(latencies, 99)) };
}

async function main(): Promise<void> {
	const dataDir = mkdtempSync(join(tmpdir(), 'consultdesk-bench-'));
	const rooms = Math.ceil(SOCKETS / SEATS_PER_ROOM);
	const provisioned = performance.now();
	const { usernames, consultationIds } = await provision(dataDir, rooms);
	console.log(`signalling bench: ${rooms} accepted consultations with ${rooms * SEATS_PER_ROOM} accounts written in ${((performance.now() - provisioned) / 1000).toFixed(1)} s`);

	const { child, url } = await startServer(dataDir);
	const sockets: Client[] = [];
	try {
		console.log(`${SOCKETS} connections, ${CHURN_SECONDS} s of join/leave churn (think time ${THINK_MS[0]}–${THINK_MS[1]} ms), server pid ${child.pid}`);
		console.log(pinning ? 'server and its media workers pinned to core 0, this load generator to core 1 (taskset)' : 'not pinned (taskset unavailable or one core): server and load generator share the cores');
		const signIns = [await signInThroughput(url, 1), await signInThroughput(url, cpus().length * 2)];
		for (const s of signIns) console.log(`sign-in (argon2id 19 MiB, t=2): concurrency ${s.concurrency}: ${s.perSecond}/s, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`);

		// Every seat signs in once, as each terminal would.
		const signInStarted = performance.now();
		const seats = usernames.flat().slice(0, SOCKETS);
		const tokens: string[] = [];
		for (let i = 0; i < seats.length; i += 8) tokens.push(...(await Promise.all(seats.slice(i, i + 8).map(async (u) => (await signIn(url, u)).accessToken))));
		console.log(`${tokens.length} accounts signed in in ${((performance.now() - signInStarted) / 1000).toFixed(1)} s`);

		await sleep(1000);
		const rssBefore = rssMiB(child.pid!);
		const connectStarted = performance.now();
		for (let i = 0; i < SOCKETS; i += 250) {
			const batch = Array.from({ length: Math.min(250, SOCKETS - i) }, (_, k) => connect(url, tokens[i + k]!));
			sockets.push(...(await Promise.all(batch)));
		}
		const connectSeconds = (performance.now() - connectStarted) / 1000;
		await sleep(2000);
		const rssConnected = rssMiB(child.pid!);
		const perSocketKiB = ((rssConnected - rssBefore) * 1024) / SOCKETS;
		console.log(`${SOCKETS} connected in ${connectSeconds.toFixed(1)} s; server RSS ${rssBefore.toFixed(0)} → ${rssConnected.toFixed(0)} MiB (${perSocketKiB.toFixed(1)} KiB per connection)`);

		// [when the request was sent (ms since churn start), its ack latency]
		const joins: [number, number][] = [];
		const leaves: [number, number][] = [];
		const errors = new Map<string, number>();
		const deadline = performance.now() + CHURN_SECONDS * 1000;
		const think = () => sleep(THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]));
		const timed = async (into: [number, number][], call: () => Promise<unknown>) => {
			const t0 = performance.now();
			try {
				await call();
				into.push([t0 - churnStarted, performance.now() - t0]);
			} catch (error) {
				const code = (error as { code?: string }).code ?? 'THROWN';
				errors.set(code, (errors.get(code) ?? 0) + 1);
			}
		};
		let peakRss = rssConnected;
		const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(child.pid!))), 1000);
		// How busy each side was: if this process's event loop lags, latencies include our own queueing.
		const loopDelay = monitorEventLoopDelay({ resolution: 10 });
		loopDelay.enable();
		const serverCpuBefore = cpuSeconds(child.pid!);
		const churnStarted = performance.now();
		await Promise.all(
			sockets.map(async (socket, i) => {
				const consultationId = consultationIds[Math.floor(i / SEATS_PER_ROOM)]!;
				await sleep(Math.random() * THINK_MS[1]);
				while (performance.now() < deadline) {
					await timed(joins, () => sendRequest(socket, 'room:join', { consultationId }, 30_000));
					await think();
					await timed(leaves, () => sendRequest(socket, 'room:leave', {}, 30_000));
					await think();
				}
			}),
		);
		clearInterval(sampler);
		loopDelay.disable();
		const serverCpuPercent = round1(((cpuSeconds(child.pid!) - serverCpuBefore) / ((performance.now() - churnStarted) / 1000)) * 100);
		const generatorLagMs = { p50: round1(loopDelay.percentile(50) / 1e6), p99: round1(loopDelay.percentile(99) / 1e6) };
		const requests = joins.length + leaves.length;
		// Every connection joins for the first time within the first think time: report that rush apart from the steady churn after it.
		const warmupMs = THINK_MS[1] + 1000;
		const latencies = (samples: [number, number][], steady: boolean) => samples.filter(([at]) => (at >= warmupMs) === steady).map(([, ms]) => ms);
		const ack = (samples: [number, number][]) => ({
			p50: round1(percentile(latencies(samples, true), 50)),
			p99: round1(percentile(latencies(samples, true), 99)),
			count: latencies(samples, true).length,
			firstRushP99: round1(percentile(latencies(samples, false), 99)),
		});
		const summary = {
			connections: SOCKETS,
			rooms,
			connectSeconds: round1(connectSeconds),
			serverRssMiB: { beforeConnections: round1(rssBefore), connected: round1(rssConnected), peakDuringChurn: round1(peakRss) },
			serverKiBPerConnection: round1(perSocketKiB),
			churn: {
				seconds: CHURN_SECONDS,
				requestsPerSecond: round1(requests / CHURN_SECONDS),
				steadyAfterMs: warmupMs,
				joinAckMs: ack(joins),
				leaveAckMs: ack(leaves),
				errors: Object.fromEntries(errors),
				serverCpuPercentOfOneCore: serverCpuPercent,
				loadGeneratorEventLoopLagMs: generatorLagMs,
			},
			signIn: signIns,
		};
		console.log(`churn: ${requests} requests in ${CHURN_SECONDS} s (${summary.churn.requestsPerSecond}/s)`);
		for (const [name, a] of [['room:join ', summary.churn.joinAckMs], ['room:leave', summary.churn.leaveAckMs]] as const) {
			console.log(`  ${name} ack p50 ${a.p50} ms  p99 ${a.p99} ms  (${a.count} after the first ${warmupMs / 1000} s; p99 ${a.firstRushP99} ms during that first rush)`);
		}
		console.log(`  errors: ${errors.size === 0 ? 'none' : JSON.stringify(summary.churn.errors)}; server RSS peak ${peakRss.toFixed(0)} MiB`);
		console.log(`  server process CPU ${serverCpuPercent} % of one core; load generator event-loop lag p50 ${generatorLagMs.p50} ms, p99 ${generatorLagMs.p99} ms`);
		mkdirSync(dirname(RESULTS), { recursive: true });
		writeFileSync(
			RESULTS,
			`${JSON.stringify(
				{
					benchmark: 'signalling',
					measuredAt: new Date().toISOString(),
					machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
					settings: { sockets: SOCKETS, churnSeconds: CHURN_SECONDS, thinkMs: THINK_MS, seatsPerRoom: SEATS_PER_ROOM, signIns: SIGN_INS, pinnedCores: pinning ? { server: 0, loadGenerator: 1 } : null },
					summary,
				},
				null,
				2,
			)}\n`,
		);
		console.log(`written to ${RESULTS}`);
	} finally {
		for (const s of sockets) s.disconnect();
		child.kill('SIGINT');
		await new Promise((r) => child.once('exit', r));
	}
}

await main();
