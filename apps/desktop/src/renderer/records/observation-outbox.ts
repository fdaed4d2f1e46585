import { OutboxSender, OutboxStore, type DeliveryResult, type OutboxBacklog, type OutboxJob } from '@consultdesk/outbox';
import { OBSERVATIONS_PER_SUBMIT, ProtocolError, vitalsObservationSchema, type VitalsObservation } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { SignalingConnection } from '../session/signaling-connection.js';

/** The outbox job kind of one vitals observation; stethoscope clips and stills will have their own. */
export const VITALS_JOB = 'vitals-observation';

/** Refusals that sending again cannot change: the consultation is over, not ours, or the data is invalid. */
const FINAL_REFUSALS = new Set(['INVALID_STATE', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_PAYLOAD', 'CONFLICT']);

interface VitalsPayload {
	consultationId: string;
	observation: VitalsObservation;
}

export interface ObservationOutboxOptions {
	connection: SignalingConnection;
	accountId: string;
	/** Tests pass their own store (fake IndexedDB). */
	store?: OutboxStore;
	batchSize?: number;
}

const EMPTY: OutboxBacklog = { pending: {}, pendingTotal: 0, failed: {} };

/**
 * The clinic terminal's durable outbox for observations: every reading is
 * queued in IndexedDB before anything else, delivered with
 * 'observation:submit' in order (one queue per consultation), and forgotten
 * only when the server acknowledged it. It lives as long as the signed-in
 * account, not the consultation screen, so a backlog keeps draining after the
 * doctor leaves, and one left by a closed app drains at the next sign-in.
 */
export class ObservationOutbox extends EventEmitter<{ change: [backlog: OutboxBacklog] }> {
	readonly #store: OutboxStore;
	readonly #sender: OutboxSender;
	readonly #connection: SignalingConnection;
	#backlog: OutboxBacklog = EMPTY;
	readonly #stop: (() => void)[] = [];

	constructor(options: ObservationOutboxOptions) {
		super();
		this.#connection = options.connection;
		this.#store = options.store ?? new OutboxStore(`consultdesk-outbox-${options.accountId}`);
		this.#sender = new OutboxSender(this.#store, (kind, jobs) => this.#deliver(kind, jobs), { batchSize: options.batchSize ?? OBSERVATIONS_PER_SUBMIT });
		this.#stop.push(this.#store.onChange(() => void this.#refreshBacklog()));
		const onConnected = () => this.#sender.nudge();
		options.connection.on('connected', onConnected);
		this.#stop.push(() => options.connection.off('connected', onConnected));
		this.#sender.start();
		void this.#refreshBacklog();
	}

	/** What is waiting, by kind, and what the server refused. */
	get backlog(): OutboxBacklog {
		return this.#backlog;
	}

	/** Queues observations of a consultation; resolves once they are safe in IndexedDB. */
	async enqueue(consultationId: string, observations: readonly VitalsObservation[]): Promise<void> {
		await this.#store.enqueue(observations.map((observation) => ({ id: observation.id, queue: `vitals:${consultationId}`, kind: VITALS_JOB, payload: { consultationId, observation } satisfies VitalsPayload })));
	}

	async close(): Promise<void> {
		for (const stop of this.#stop.splice(0)) stop();
		await this.#sender.stop();
		this.#store.close();
		this.removeAllListeners();
	}

	async #deliver(kind: string, jobs: readonly OutboxJob[]): Promise<DeliveryResult> {
		if (kind !== VITALS_JOB) return { acknowledged: [], rejected: jobs.map((j) => ({ id: j.id, code: 'UNKNOWN_KIND' })) };
		const payloads = jobs.map((j) => j.payload as VitalsPayload);
		const consultationId = payloads[0]!.consultationId;
		// A job written by an older app version may not match today's protocol: set it aside rather than block the queue.
		const invalid = payloads.filter((p) => !vitalsObservationSchema.safeParse(p.observation).success);
		const valid = payloads.filter((p) => !invalid.includes(p));
		try {
			const { acknowledged } = valid.length > 0 ? await this.#connection.request('observation:submit', { consultationId, observations: valid.map((p) => p.observation) }) : { acknowledged: [] };
			return { acknowledged, rejected: invalid.map((p) => ({ id: p.observation.id, code: 'INVALID_PAYLOAD' })) };
		} catch (error) {
			if (error instanceof ProtocolError && FINAL_REFUSALS.has(error.code)) {
				return { acknowledged: [], rejected: jobs.map((j) => ({ id: j.id, code: error.code })) };
			}
			throw error;
		}
	}

	async #refreshBacklog(): Promise<void> {
		try {
			this.#backlog = await this.#store.backlog();
			this.emit('change', this.#backlog);
		} catch {
			// The store was closed while counting (signed out): nothing left to show.
		}
	}
}
