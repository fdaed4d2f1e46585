import { sendRequest, type Consultation } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from './auth/password-hasher.js';
import type { ConsultationServer } from './consultation-server.js';
import { DEMO_PASSWORD } from './demo-seed.js';
import {
	acceptedConsultation,
	collectNotifications,
	connectAs,
	createAccount,
	nextNotification,
	requestConsultation,
	signIn,
	startTestServer,
	TestClock,
	type TestClient,
} from './testing/test-server.js';

let server: ConsultationServer;
const clock = new TestClock();
let clinic: TestClient;
let wang: TestClient;
let chen: TestClient;
let admin: TestClient;

beforeAll(async () => {
	server = await startTestServer({ requestExpiryMinutes: 120 }, clock);
	[clinic, wang, chen, admin] = await Promise.all([connectAs(server, 'sok'), connectAs(server, 'wang'), connectAs(server, 'chen'), connectAs(server, 'admin')]);
});
afterAll(async () => {
	for (const s of [clinic, wang, chen, admin]) s.disconnect();
	await server.close();
});

async function history(username: string, query = ''): Promise<Consultation[]> {
	const { accessToken } = await signIn(server, username);
	const response = await fetch(`${server.url}/api/consultations${query}`, { headers: { authorization: `Bearer ${accessToken}` } });
	expect(response.status).toBe(200);
	return ((await response.json()) as { consultations: Consultation[] }).consultations;
}

describe('consultation lifecycle', () => {
	it('goes requested → accepted → live → ended, storing each step with who and when, and tells exactly the right people', async () => {
		const cardiologySeen = collectNotifications(chen, 'consultation:updated');
		const queued = nextNotification(wang, 'consultation:updated');
		const requested = await requestConsultation(clinic, { urgency: 'emergency' });
		expect(requested).toMatchObject({ state: 'requested', urgency: 'emergency', specialty: 'respiratory', patient: { reference: 'KC-0001' }, experts: [] });
		expect(await queued).toMatchObject({ consultationId: requested.consultationId, state: 'requested' });
		const { consultations: queue } = await sendRequest(wang, 'consultation:list-open', {});
		expect(queue.map((c) => c.consultationId)).toContain(requested.consultationId);

		const clinicHears = nextNotification(clinic, 'consultation:updated');
		const { consultation: accepted } = await sendRequest(wang, 'consultation:accept', { consultationId: requested.consultationId });
		expect(accepted).toMatchObject({ state: 'accepted', experts: [{ displayName: 'Dr Wang Li', role: 'lead' }] });
		expect(await clinicHears).toMatchObject({ state: 'accepted' });

		const live = nextNotification(clinic, 'consultation:updated');
		await sendRequest(clinic, 'room:join', { consultationId: accepted.consultationId });
		await sendRequest(wang, 'room:join', { consultationId: accepted.consultationId });
		expect(await live).toMatchObject({ state: 'live', startedAt: expect.any(String) });

		const roomClosed = nextNotification(clinic, 'room:closed');
		const { consultation: ended } = await sendRequest(wang, 'consultation:end', {
			consultationId: accepted.consultationId,
			summary: 'Acute bronchitis; salbutamol nebuliser, review in one week.',
		});
		expect(ended).toMatchObject({ state: 'ended', summary: expect.stringMatching(/bronchitis/) });
		expect(await roomClosed).toEqual({ reason: 'consultation-ended' });
		expect(server.roomStats(accepted.consultationId)).toEqual([]);

		const { accessToken } = await signIn(server, 'sok');
		const detail = (await (await fetch(`${server.url}/api/consultations/${accepted.consultationId}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { transitions: { from: string | null; to: string; by: { displayName: string } | null }[] };
		expect(detail.transitions.map((t) => [t.from, t.to, t.by?.displayName ?? null])).toEqual([
			[null, 'requested', 'Dr Sok Chenda'],
			['requested', 'accepted', 'Dr Wang Li'],
			['accepted', 'live', null],
			['live', 'ended', 'Dr Wang Li'],
		]);
		// The cardiologist was never told about a respiratory consultation.
		expect(cardiologySeen.filter((c) => c.consultationId === accepted.consultationId)).toEqual([]);
	});

	it('lets exactly one of 50 experts accepting at the same moment win; the others hear ALREADY_TAKEN, and the queue of the rest drops it', async () => {
		const passwordHash = await hashPassword(DEMO_PASSWORD);
		const experts = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				server.records.accounts.create({ username: `resp${i}`, displayName: `Dr Resp ${i}`, role: 'expert', passwordHash, specialties: ['respiratory'] }),
			),
		);
		const sockets = await Promise.all(experts.map((e) => connectAs(server, e.username)));
		try {
			const requested = await requestConsultation(clinic);
			const withdrawn = sockets.map((s) => nextNotification(s, 'consultation:withdrawn'));
			const answers = await Promise.all(
				sockets.map((s) => s.timeout(10_000).emitWithAck('consultation:accept', { consultationId: requested.consultationId })),
			);
			const won = answers.filter((a) => a.ok);
			const lost = answers.filter((a) => !a.ok);
			expect(won).toHaveLength(1);
			expect(lost).toHaveLength(49);
			for (const answer of lost) expect(answer).toMatchObject({ ok: false, error: { code: 'ALREADY_TAKEN' } });
			const current = await server.records.consultations.get(requested.consultationId);
			expect(current?.experts).toHaveLength(1);
			expect(await server.records.consultations.transitions(requested.consultationId)).toHaveLength(2);
			const winner = sockets[answers.findIndex((a) => a.ok)]!;
			const losers = sockets.filter((s) => s !== winner);
			expect(await Promise.race([Promise.all(withdrawn.filter((_, i) => sockets[i] !== winner)), new Promise((r) => setTimeout(() => r('timeout'), 5000))])).not.toBe('timeout');
			expect(losers).toHaveLength(49);
		} finally {
			for (const s of sockets) s.disconnect();
		}
	});

	it('lets the clinic cancel while waiting, and refuses to cancel twice', async () => {
		const requested = await requestConsultation(clinic);
		const withdrawn = nextNotification(wang, 'consultation:withdrawn');
		const { consultation } = await sendRequest(clinic, 'consultation:cancel', { consultationId: requested.consultationId });
		expect(consultation.state).toBe('cancelled');
		expect(await withdrawn).toEqual({ consultationId: requested.consultationId });
		await expect(sendRequest(clinic, 'consultation:cancel', { consultationId: requested.consultationId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
		await expect(sendRequest(wang, 'consultation:accept', { consultationId: requested.consultationId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
	});

	it('lets the expert invite a second expert, who may then join the room; others may not', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const { accountId: liId } = await createAccount(server, { username: 'li', role: 'expert', specialties: ['respiratory', 'general'] });
		const li = await connectAs(server, 'li');
		try {
			await expect(sendRequest(li, 'room:join', { consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
			const invited = nextNotification(li, 'consultation:updated');
			const { consultation } = await sendRequest(wang, 'consultation:invite', { consultationId, expertAccountId: liId });
			expect(consultation.experts.map((e) => [e.displayName, e.role])).toEqual([
				['Dr Wang Li', 'lead'],
				['Dr li', 'invited'],
			]);
			expect(await invited).toMatchObject({ consultationId });
			await expect(sendRequest(li, 'room:join', { consultationId })).resolves.toMatchObject({ role: 'expert' });
			await expect(sendRequest(chen, 'room:join', { consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		} finally {
			li.disconnect();
		}
	});

	it('lets an admin see everything open, assign a waiting consultation to an expert, and observe it', async () => {
		const requested = await requestConsultation(clinic, { specialty: 'cardiology', urgency: 'routine' });
		const { consultations } = await sendRequest(admin, 'consultation:list-open', {});
		expect(consultations.map((c) => c.consultationId)).toContain(requested.consultationId);
		const { experts } = await sendRequest(admin, 'expert:list', {});
		const chenId = experts.find((e) => e.displayName === 'Dr Chen Hui')!.accountId;
		expect(experts.find((e) => e.accountId === chenId)?.presence).toBe('online');
		const told = nextNotification(chen, 'consultation:updated');
		const { consultation } = await sendRequest(admin, 'consultation:assign', { consultationId: requested.consultationId, expertAccountId: chenId });
		expect(consultation).toMatchObject({ state: 'accepted', experts: [{ accountId: chenId, role: 'lead' }] });
		expect(await told).toMatchObject({ consultationId: requested.consultationId, state: 'accepted' });
		await expect(sendRequest(admin, 'room:join', { consultationId: requested.consultationId })).resolves.toMatchObject({ role: 'observer' });
		await sendRequest(admin, 'room:leave', {});
	});

	it('orders an expert\'s queue by urgency, then age', async () => {
		const routine = await requestConsultation(clinic, { urgency: 'routine' });
		const emergency = await requestConsultation(clinic, { urgency: 'emergency' });
		const urgent = await requestConsultation(clinic, { urgency: 'urgent' });
		const { consultations } = await sendRequest(wang, 'consultation:list-open', {});
		const waiting = consultations.filter((c) => c.state === 'requested').map((c) => c.consultationId);
		expect(waiting.indexOf(emergency.consultationId)).toBeLessThan(waiting.indexOf(urgent.consultationId));
		expect(waiting.indexOf(urgent.consultationId)).toBeLessThan(waiting.indexOf(routine.consultationId));
		for (const c of [routine, emergency, urgent]) await sendRequest(clinic, 'consultation:cancel', { consultationId: c.consultationId });
	});

	it('gives each side its history, and a patient\'s history across consultations', async () => {
		const clinicHistory = await history('sok');
		expect(clinicHistory.length).toBeGreaterThan(3);
		expect(clinicHistory.every((c) => c.clinic.name === 'Kampong Cham Community Health Centre')).toBe(true);
		const wangHistory = await history('wang', '?state=ended');
		expect(wangHistory.length).toBeGreaterThanOrEqual(1);
		expect(wangHistory.every((c) => c.state === 'ended' && c.experts.some((e) => e.displayName === 'Dr Wang Li'))).toBe(true);

		const patientId = clinicHistory[0]!.patient.patientId;
		const { accessToken } = await signIn(server, 'wang');
		const response = await fetch(`${server.url}/api/patients/${patientId}/history`, { headers: { authorization: `Bearer ${accessToken}` } });
		expect(response.status).toBe(200);
		const body = (await response.json()) as { patient: unknown; consultations: Consultation[] };
		expect(body.patient).toMatchObject({ reference: 'KC-0001', birthYear: 1956 });
		expect(body.consultations.length).toBeGreaterThan(1);
		expect(body.consultations.some((c) => c.summary?.includes('bronchitis'))).toBe(true);
	});

	it('expires a request nobody accepted in time and tells the clinic', async () => {
		const requested = await requestConsultation(clinic, { specialty: 'paediatrics' });
		expect(Date.parse(requested.expiresAt!) - Date.parse(requested.requestedAt)).toBe(120 * 60_000);
		clock.advance(119 * 60_000);
		expect(await server.expireDue()).toBe(0);
		const told = nextNotification(clinic, 'consultation:updated');
		clock.advance(2 * 60_000);
		expect(await server.expireDue()).toBe(1);
		expect(await told).toMatchObject({ consultationId: requested.consultationId, state: 'expired' });
		const transitions = await server.records.consultations.transitions(requested.consultationId);
		expect(transitions.at(-1)).toMatchObject({ from: 'requested', to: 'expired', by: null });
	});
});
