import 'fake-indexeddb/auto';
import type { Consultation } from '@consultdesk/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineCache } from './offline-cache.js';

const consultation: Consultation = {
	consultationId: 'c-1',
	code: 'KC-7F3K',
	state: 'ended',
	urgency: 'urgent',
	specialty: 'respiratory',
	reason: 'Cough for three weeks',
	clinic: { clinicId: 'clinic-1', name: 'Kampong Cham' },
	patient: { patientId: 'p-1', reference: 'KC-0001' },
	requestedBy: { accountId: 'sok', displayName: 'Dr Sok Chenda' },
	experts: [{ accountId: 'wang', displayName: 'Dr Wang Li', role: 'lead' }],
	requestedAt: '2025-01-10T08:00:00.000Z',
	endedAt: '2025-01-10T08:40:00.000Z',
	summary: 'Chest X-ray, then review.',
};

let databases = 0;
const opened: OfflineCache[] = [];
function freshCache(): OfflineCache {
	const cache = new OfflineCache(`offline-cache-test-${++databases}`);
	opened.push(cache);
	return cache;
}

afterEach(() => {
	for (const cache of opened.splice(0)) cache.close();
});

describe('OfflineCache', () => {
	it('keeps each account’s lists apart and gives back when they were saved', async () => {
		const cache = freshCache();
		expect(await cache.readList('sok', 'history')).toBeUndefined();
		expect(await cache.saveList('sok', 'history', [consultation], 1_000)).toBe(true);
		await cache.saveList('sok', 'open', [], 2_000);

		expect(await cache.readList('sok', 'history')).toEqual({ consultations: [consultation], savedAt: 1_000 });
		expect(await cache.readList('sok', 'open')).toEqual({ consultations: [], savedAt: 2_000 });
		expect(await cache.readList('wang', 'history')).toBeUndefined();
	});

	it('replaces a list when it is saved again', async () => {
		const cache = freshCache();
		await cache.saveList('sok', 'open', [consultation], 1_000);
		await cache.saveList('sok', 'open', [], 5_000);
		expect(await cache.readList('sok', 'open')).toEqual({ consultations: [], savedAt: 5_000 });
	});

	it('survives closing and reopening the database, as across app restarts', async () => {
		const name = `offline-cache-test-${++databases}`;
		const first = new OfflineCache(name);
		await first.saveList('wang', 'history', [consultation], 3_000);
		await first.setPatientName('clinic-1', 'p-1', 'Chenda Srey');
		first.close();
		const second = new OfflineCache(name);
		opened.push(second);
		expect((await second.readList('wang', 'history'))?.consultations[0]?.code).toBe('KC-7F3K');
		expect(await second.patientNames('clinic-1')).toEqual(new Map([['p-1', 'Chenda Srey']]));
	});

	it('ignores a saved list that no longer matches the protocol', async () => {
		const cache = freshCache();
		await cache.saveList('sok', 'history', [{ ...consultation, state: 'archived' } as unknown as Consultation], 1_000);
		expect(await cache.readList('sok', 'history')).toBeUndefined();
	});

	it('keeps patient names per clinic, trims them, and forgets an emptied one', async () => {
		const cache = freshCache();
		await cache.setPatientName('clinic-1', 'p-1', '  Chenda Srey ');
		await cache.setPatientName('clinic-1', 'p-2', 'Dara Kim');
		await cache.setPatientName('clinic-2', 'p-9', 'Someone Else');
		expect(await cache.patientNames('clinic-1')).toEqual(new Map([['p-1', 'Chenda Srey'], ['p-2', 'Dara Kim']]));

		await cache.setPatientName('clinic-1', 'p-2', '   ');
		expect(await cache.patientNames('clinic-1')).toEqual(new Map([['p-1', 'Chenda Srey']]));
		expect(await cache.patientNames('clinic-2')).toEqual(new Map([['p-9', 'Someone Else']]));
	});
});
