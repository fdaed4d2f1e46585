import { ProtocolError, type Consultation, type NotificationName, type NotificationPayload } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SavedList } from '../session/offline-cache.js';
import type { SignalingConnectionEvents } from '../session/signaling-connection.js';
import { ConsultationHistory } from './consultation-history.js';
import { testConsultation } from './test-consultation.js';

const consultation = (id: string, change: Partial<Consultation> = {}): Consultation => testConsultation(id, { state: 'ended', ...change });

class FakeConnection extends EventEmitter<SignalingConnectionEvents> {
	readonly handlers = new Map<string, (payload: never) => void>();
	subscribe<E extends NotificationName>(event: E, handler: (payload: NotificationPayload<E>) => void): () => void {
		this.handlers.set(event, handler as (payload: never) => void);
		return () => void this.handlers.delete(event);
	}
	notify<E extends NotificationName>(event: E, payload: NotificationPayload<E>): void {
		this.handlers.get(event)?.(payload as never);
	}
}

type Options = ConstructorParameters<typeof ConsultationHistory>[0];

function setUp(everyUpdateIsHistory: boolean) {
	const connection = new FakeConnection();
	const saved = new Map<string, SavedList>();
	const cache: Options['cache'] = {
		readList: async (accountId, list) => saved.get(`${accountId}/${list}`),
		saveList: async (accountId, list, consultations, savedAt = Date.now()) => (saved.set(`${accountId}/${list}`, { consultations: [...consultations], savedAt }), true),
	};
	let server: () => Promise<Consultation[]> = async () => [];
	const api = { consultations: vi.fn((_token: string) => server()) };
	const session: Options['session'] = { authorized: (call) => call('access-1') };
	const history = new ConsultationHistory({
		session,
		api,
		connection: connection as unknown as Options['connection'],
		cache,
		accountId: 'acc',
		everyUpdateIsHistory,
	});
	const ids = () => history.snapshot.consultations.map((c) => c.consultationId);
	return { connection, saved, api, history, ids, answer: (next: () => Promise<Consultation[]>) => (server = next) };
}

beforeEach(() => {
	vi.useFakeTimers({ now: new Date('2025-01-10T09:00:00Z') });
});
afterEach(() => {
	vi.useRealTimers();
});

describe('ConsultationHistory', () => {
	it('shows the saved history first, then the server’s, newest first, and saves it', async () => {
		const { saved, history, ids, answer } = setUp(true);
		saved.set('acc/history', { consultations: [consultation('1')], savedAt: 1_000 });
		answer(async () => [consultation('1'), consultation('2')]);
		await history.start();
		expect(ids()).toEqual(['2', '1']);
		expect(history.snapshot.savedAt).toBeUndefined();
		expect(saved.get('acc/history')?.consultations).toHaveLength(2);
	});

	it('keeps what it shows, dated, when a later refresh cannot reach the server', async () => {
		const { history, ids, answer } = setUp(true);
		answer(async () => [consultation('1')]);
		await history.start();
		const fetchedAt = Date.now();
		vi.setSystemTime(fetchedAt + 60_000);
		answer(() => Promise.reject(new ProtocolError('UNREACHABLE', 'offline')));
		await history.refresh();
		expect(ids()).toEqual(['1']);
		expect(history.snapshot.savedAt).toBe(fetchedAt);
		expect(history.snapshot.error).toBeUndefined();
	});

	it('shows a refusal as an error', async () => {
		const { history, answer } = setUp(true);
		answer(() => Promise.reject(new ProtocolError('FORBIDDEN', 'no')));
		await history.start();
		expect(history.snapshot.error).toMatchObject({ code: 'FORBIDDEN' });
	});

	it('for a clinic, takes every update in: its own requests are its history', async () => {
		const { connection, history, ids } = setUp(true);
		await history.start();
		connection.notify('consultation:updated', consultation('3', { state: 'requested' }));
		expect(ids()).toEqual(['3']);
		connection.notify('consultation:updated', consultation('3', { state: 'accepted' }));
		expect(history.snapshot.consultations[0]?.state).toBe('accepted');
	});

	it('for an expert, ignores waiting requests of the queue and asks the server once a consultation moves on', async () => {
		const { connection, history, ids, api, answer } = setUp(false);
		await history.start();
		expect(api.consultations).toHaveBeenCalledTimes(1);
		connection.notify('consultation:updated', consultation('4', { state: 'requested' }));
		expect(ids()).toEqual([]);
		answer(async () => [consultation('4', { state: 'live' })]);
		connection.notify('consultation:updated', consultation('4', { state: 'accepted' }));
		connection.notify('consultation:updated', consultation('4', { state: 'live' }));
		await vi.advanceTimersByTimeAsync(500);
		expect(api.consultations).toHaveBeenCalledTimes(2);
		expect(ids()).toEqual(['4']);
	});
});
