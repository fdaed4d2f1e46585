import 'fake-indexeddb/auto';
import { ProtocolError, type VitalsObservation } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignalingConnection } from '../session/signaling-connection.js';
import { ObservationOutbox } from './observation-outbox.js';

const observation = (seq: number): VitalsObservation => ({
	id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
	seq,
	deviceId: 'ox',
	deviceKind: 'pulse-oximeter',
	measuredAt: 1_000 + seq,
	readings: [{ code: 'spo2', value: 97, unit: '%', decimals: 0 }],
});

/** A server that stores by id, and a link the test can cut. */
class FakeConnection extends EventEmitter<{ connected: [] }> {
	online = true;
	refuse: string | undefined;
	readonly stored = new Map<string, VitalsObservation>();
	readonly calls: number[][] = [];

	async request(_event: 'observation:submit', payload: { consultationId: string; observations: VitalsObservation[] }) {
		this.calls.push(payload.observations.map((o) => o.seq));
		if (!this.online) throw new ProtocolError('UNREACHABLE', 'offline');
		if (this.refuse) throw new ProtocolError(this.refuse as 'INVALID_STATE', 'refused');
		for (const o of payload.observations) this.stored.set(o.id, o);
		return { acknowledged: payload.observations.map((o) => o.id) };
	}
}

let n = 0;
const open: ObservationOutbox[] = [];
afterEach(async () => {
	for (const outbox of open.splice(0)) await outbox.close();
});

function setUp(connection = new FakeConnection(), accountId = `clinic-${n++}`) {
	const outbox = new ObservationOutbox({ connection: connection as unknown as SignalingConnection, accountId, batchSize: 10 });
	open.push(outbox);
	return { outbox, connection };
}

const until = async (check: () => boolean) => {
	for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
	expect(check()).toBe(true);
};

describe('ObservationOutbox', () => {
	it('delivers every observation once, in order, and shows the backlog until acknowledged', async () => {
		const { outbox, connection } = setUp();
		connection.online = false;
		await outbox.enqueue('c1', [0, 1, 2, 3, 4].map(observation));
		await until(() => outbox.backlog.pendingTotal === 5);
		connection.online = true;
		connection.emit('connected');
		await until(() => outbox.backlog.pendingTotal === 0);
		expect([...connection.stored.values()].map((o) => o.seq)).toEqual([0, 1, 2, 3, 4]);
	});

	it('keeps what it could not send across a reload of the app', async () => {
		const offline = new FakeConnection();
		offline.online = false;
		const first = setUp(offline, 'clinic-reload');
		await first.outbox.enqueue('c1', [observation(0), observation(1)]);
		await first.outbox.close();
		open.splice(open.indexOf(first.outbox), 1);
		const again = setUp(new FakeConnection(), 'clinic-reload');
		await until(() => again.connection.stored.size === 2);
		await until(() => again.outbox.backlog.pendingTotal === 0);
	});

	it('sets aside observations the server refuses for good and counts them', async () => {
		const { outbox, connection } = setUp();
		connection.refuse = 'INVALID_STATE';
		await outbox.enqueue('c1', [observation(0)]);
		await until(() => (outbox.backlog.failed['vitals-observation'] ?? 0) === 1);
		expect(outbox.backlog.pendingTotal).toBe(0);
	});
});
