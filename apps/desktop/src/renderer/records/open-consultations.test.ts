import { ProtocolError, type Consultation, type NotificationName, type NotificationPayload } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { describe, expect, it } from 'vitest';
import type { SavedList } from '../session/offline-cache.js';
import type { SignalingConnectionEvents } from '../session/signaling-connection.js';
import { OpenConsultations } from './open-consultations.js';
import { testConsultation } from './test-consultation.js';

const consultation = testConsultation;

/** A connection whose list-open answer the test decides, and whose notifications it sends. */
class FakeConnection extends EventEmitter<SignalingConnectionEvents> {
	answer: () => Promise<{ consultations: Consultation[] }> = async () => ({ consultations: [] });
	readonly handlers = new Map<string, (payload: never) => void>();

	request(event: string): Promise<never> {
		if (event !== 'consultation:list-open') throw new Error(`unexpected ${event}`);
		return this.answer() as Promise<never>;
	}

	subscribe<E extends NotificationName>(event: E, handler: (payload: NotificationPayload<E>) => void): () => void {
		this.handlers.set(event, handler as (payload: never) => void);
		return () => void this.handlers.delete(event);
	}

	notify<E extends NotificationName>(event: E, payload: NotificationPayload<E>): void {
		this.handlers.get(event)?.(payload as never);
	}
}

class FakeCache {
	saved = new Map<string, SavedList>();
	async readList(accountId: string, list: string) {
		return this.saved.get(`${accountId}/${list}`);
	}
	async saveList(accountId: string, list: string, consultations: readonly Consultation[], savedAt = Date.now()) {
		this.saved.set(`${accountId}/${list}`, { consultations: [...consultations], savedAt });
		return true;
	}
}

type ConnectionOption = ConstructorParameters<typeof OpenConsultations>[0]['connection'];

function setUp() {
	const connection = new FakeConnection();
	const cache = new FakeCache();
	// eventemitter3's on() returns `this`, which no fake can be; the methods used are the same.
	const open = new OpenConsultations({ connection: connection as unknown as ConnectionOption, cache, accountId: 'sok' });
	const ids = () => open.snapshot.consultations.map((c) => c.consultationId);
	return { connection, cache, open, ids };
}

describe('OpenConsultations', () => {
	it('shows the saved list at once, dated, then replaces it with the server’s and saves that', async () => {
		const { connection, cache, open, ids } = setUp();
		await cache.saveList('sok', 'open', [consultation('1')], 1_000);
		let answer!: (value: { consultations: Consultation[] }) => void;
		connection.answer = () => new Promise((resolve) => (answer = resolve));
		const started = open.start();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(ids()).toEqual(['1']);
		expect(open.snapshot.savedAt).toBe(1_000);

		answer({ consultations: [consultation('3'), consultation('2')] });
		await started;
		expect(ids()).toEqual(['2', '3']);
		expect(open.snapshot.savedAt).toBeUndefined();
		expect((await cache.readList('sok', 'open'))?.consultations.map((c) => c.consultationId)).toEqual(['2', '3']);
	});

	it('keeps the saved list and reports UNREACHABLE when the server cannot be reached', async () => {
		const { connection, cache, open, ids } = setUp();
		await cache.saveList('sok', 'open', [consultation('1')], 1_000);
		connection.answer = () => Promise.reject(new ProtocolError('UNREACHABLE', 'not connected'));
		await open.start();
		expect(ids()).toEqual(['1']);
		expect(open.snapshot.savedAt).toBe(1_000);
		expect(open.snapshot.error).toMatchObject({ code: 'UNREACHABLE' });
	});

	it('follows updates and withdrawals, and drops consultations that are over', async () => {
		const { connection, open, ids } = setUp();
		connection.answer = async () => ({ consultations: [consultation('1'), consultation('2')] });
		await open.start();

		connection.notify('consultation:updated', consultation('1', { state: 'accepted' }));
		expect(open.find('1')?.state).toBe('accepted');
		connection.notify('consultation:updated', consultation('4'));
		expect(ids()).toEqual(['1', '2', '4']);
		connection.notify('consultation:withdrawn', { consultationId: '2' });
		expect(ids()).toEqual(['1', '4']);
		connection.notify('consultation:updated', consultation('1', { state: 'ended' }));
		expect(ids()).toEqual(['4']);
	});

	it('does not lose a change that arrives while the list is being fetched', async () => {
		const { connection, open, ids } = setUp();
		let answer!: (value: { consultations: Consultation[] }) => void;
		connection.answer = () => new Promise((resolve) => (answer = resolve));
		const started = open.start();
		connection.notify('consultation:withdrawn', { consultationId: '1' });
		connection.notify('consultation:updated', consultation('2', { state: 'accepted' }));
		answer({ consultations: [consultation('1'), consultation('2')] });
		await started;
		expect(ids()).toEqual(['2']);
		expect(open.find('2')?.state).toBe('accepted');
	});

	it('dates the list when the connection drops and reloads when it is back', async () => {
		const { connection, open, ids } = setUp();
		connection.answer = async () => ({ consultations: [consultation('1')] });
		await open.start();
		connection.emit('status', 'reconnecting');
		expect(open.snapshot.savedAt).toBeTypeOf('number');

		connection.answer = async () => ({ consultations: [consultation('1'), consultation('2')] });
		connection.emit('connected');
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(ids()).toEqual(['1', '2']);
		expect(open.snapshot.savedAt).toBeUndefined();
	});

	it('stops listening when closed', async () => {
		const { connection, open } = setUp();
		await open.start();
		open.close();
		expect(connection.handlers.size).toBe(0);
		expect(connection.listenerCount('connected')).toBe(0);
	});
});
