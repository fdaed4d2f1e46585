import { sendRequest } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { acceptedConsultation, collectNotifications, nextNotification, startTestServer, TestSessions } from './testing/test-server.js';

let server: ConsultationServer;
const sessions = new TestSessions(() => server);
const as = (username: string) => sessions.as(username);

beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	sessions.closeAll();
	await server.close();
});

async function refusals(accountId: string): Promise<[string, string | undefined][]> {
	const rows = await server.records.audit.list({ outcome: 'refused', actorAccountId: accountId });
	return rows.map((r) => [r.action, r.code]);
}

describe('auscultation sites in a consultation room', () => {
	it('relays the clinic’s site to the expert and the expert’s request to the clinic, and a late joiner sees both', async () => {
		const [clinic, wang] = await Promise.all([as('sok'), as('wang')]);
		const { consultationId } = await acceptedConsultation(clinic, wang);
		await sendRequest(clinic, 'room:join', { consultationId });
		await sendRequest(wang, 'room:join', { consultationId });

		const expertHears = nextNotification(wang, 'auscultation:changed');
		const clinicEcho = collectNotifications(clinic, 'auscultation:changed');
		const set = await sendRequest(clinic, 'auscultation:site', { site: 'aortic' });
		expect(set.state).toMatchObject({ site: 'aortic', siteSetAt: expect.any(Number), requested: null });
		expect(await expertHears).toMatchObject({ site: 'aortic' });

		const clinicHears = nextNotification(clinic, 'auscultation:changed');
		await sendRequest(wang, 'auscultation:requestSite', { site: 'mitral' });
		expect(await clinicHears).toMatchObject({ site: 'aortic', requested: { site: 'mitral', byDisplayName: 'Dr Wang Li' } });

		// Reaching the requested site answers the request.
		const answered = nextNotification(wang, 'auscultation:changed');
		await sendRequest(clinic, 'auscultation:site', { site: 'mitral' });
		expect(await answered).toMatchObject({ site: 'mitral', requested: null });
		// The sender is answered through its ack, not told again.
		expect(clinicEcho.filter((s) => s.site === 'mitral' && s.requested === null)).toHaveLength(0);

		await sendRequest(wang, 'auscultation:requestSite', { site: 'lung-posterior-left-lower' });
		await sendRequest(wang, 'room:leave', {});
		await sendRequest(wang, 'room:join', { consultationId });
		const { state } = await sendRequest(wang, 'auscultation:state', {});
		expect(state).toMatchObject({ site: 'mitral', requested: { site: 'lung-posterior-left-lower' } });
	});

	it('tells nobody outside the room', async () => {
		const [clinic, wang, chen] = await Promise.all([as('sok'), as('wang'), as('chen')]);
		const first = await acceptedConsultation(clinic, wang);
		const other = await acceptedConsultation(clinic, chen, 'cardiology');
		// Another consultation of the same clinic and a different expert, both in their own room.
		const clinicB = await as('sok');
		await sendRequest(clinic, 'room:join', { consultationId: first.consultationId });
		await sendRequest(wang, 'room:join', { consultationId: first.consultationId });
		await sendRequest(clinicB, 'room:join', { consultationId: other.consultationId });
		await sendRequest(chen, 'room:join', { consultationId: other.consultationId });
		const chenSaw = collectNotifications(chen, 'auscultation:changed');
		const clinicBSaw = collectNotifications(clinicB, 'auscultation:changed');
		const wangHears = nextNotification(wang, 'auscultation:changed');
		await sendRequest(clinic, 'auscultation:site', { site: 'tricuspid' });
		await wangHears;
		await sendRequest(chen, 'auscultation:state', {}).then(({ state }) => expect(state.site).toBeNull());
		expect(chenSaw).toEqual([]);
		expect(clinicBSaw).toEqual([]);
	});

	it('lets only the clinic set the site and only an expert ask for one; refusals are audited and the room carries on', async () => {
		const [clinic, wang, admin] = await Promise.all([as('sok'), as('wang'), as('admin')]);
		const { consultationId } = await acceptedConsultation(clinic, wang);
		await sendRequest(clinic, 'room:join', { consultationId });
		await sendRequest(wang, 'room:join', { consultationId });
		await expect(sendRequest(wang, 'auscultation:site', { site: 'aortic' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(sendRequest(clinic, 'auscultation:requestSite', { site: 'aortic' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await sendRequest(admin, 'room:join', { consultationId });
		await expect(sendRequest(admin, 'auscultation:requestSite', { site: 'mitral' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(sendRequest(admin, 'auscultation:site', { site: 'mitral' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await refusals(wang.tokens.account.accountId)).toEqual(expect.arrayContaining([['auscultation:site', 'FORBIDDEN']]));
		expect(await refusals(clinic.tokens.account.accountId)).toEqual(expect.arrayContaining([['auscultation:requestSite', 'FORBIDDEN']]));
		expect(await refusals(admin.tokens.account.accountId)).toEqual(expect.arrayContaining([['auscultation:requestSite', 'FORBIDDEN'], ['auscultation:site', 'FORBIDDEN']]));
		const { state } = await sendRequest(admin, 'auscultation:state', {});
		expect(state.site).toBeNull();
		await expect(sendRequest(clinic, 'auscultation:site', { site: 'pulmonic' })).resolves.toMatchObject({ state: { site: 'pulmonic' } });
	});

	it('refuses unknown sites and requests outside a room with clear codes', async () => {
		const clinic = await as('sok');
		await expect(sendRequest(clinic, 'auscultation:site', { site: 'left-knee' } as never)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
		await expect(sendRequest(clinic, 'auscultation:site', { site: 'aortic' })).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
	});
});
