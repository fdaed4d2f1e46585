import { randomUUID } from 'node:crypto';
import { HTTP_ROUTES, sendRequest, type VitalsObservation } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { acceptedConsultation, connectAs, createAccount, requestConsultation, signIn, startTestServer, tempDataDir, type TestClient, TestSessions
} from './testing/test-server.js';

let server: ConsultationServer;
let clinic: TestClient;
let wang: TestClient;
const sessions = new TestSessions(() => server);
const as = (username: string) => sessions.as(username);

beforeAll(async () => {
	server = await startTestServer();
	clinic = await as('sok');
	wang = await as('wang');
});
afterAll(async () => {
	sessions.closeAll();
	await server.close();
});

const oximetry = (seq: number, deviceId = 'ox-1'): VitalsObservation => ({
	id: randomUUID(),
	seq,
	deviceId,
	deviceKind: 'pulse-oximeter',
	measuredAt: 1_763_780_000_000 + seq * 1000,
	readings: [
		{ code: 'spo2', value: 97, unit: '%', decimals: 0 },
		{ code: 'pulse-rate', value: 70 + (seq % 5), unit: '/min', decimals: 0 },
	],
});

describe('observations', () => {
	it('stores a batch once: a resend is acknowledged again and not duplicated', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const batch = [0, 1, 2].map((seq) => oximetry(seq));
		const first = await sendRequest(clinic, 'observation:submit', { consultationId, observations: batch });
		expect(first.acknowledged).toEqual(batch.map((o) => o.id));
		// The clinic's ack was lost; its outbox sends the same batch again, with one more behind it.
		const again = [...batch, oximetry(3)];
		const second = await sendRequest(clinic, 'observation:submit', { consultationId, observations: again });
		expect(second.acknowledged).toEqual(again.map((o) => o.id));
		const { observations } = await sendRequest(wang, 'observation:list', { consultationId });
		expect(observations).toEqual(again);
		expect(observations.map((o) => o.seq)).toEqual([0, 1, 2, 3]);
	});

	it('keeps each device in sequence order and the precision each reading was sent with', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const temperature: VitalsObservation = {
			id: randomUUID(),
			seq: 0,
			deviceId: 'th-1',
			deviceKind: 'thermometer',
			measuredAt: 1_763_780_000_500,
			readings: [{ code: 'body-temperature', value: 36.6, unit: 'Cel', decimals: 2 }],
		};
		await sendRequest(clinic, 'observation:submit', { consultationId, observations: [oximetry(1), temperature, oximetry(0)] });
		const { observations } = await sendRequest(clinic, 'observation:list', { consultationId });
		expect(observations.map((o) => [o.deviceId, o.seq])).toEqual([
			['ox-1', 0],
			['ox-1', 1],
			['th-1', 0],
		]);
		expect(observations.find((o) => o.deviceId === 'th-1')?.readings[0]).toEqual({ code: 'body-temperature', value: 36.6, unit: 'Cel', decimals: 2 });
	});

	it('lets only the consultation\'s clinic submit, while accepted or live and afterwards for what was measured before the end, and audits refusals', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		await createAccount(server, { username: 'dara', role: 'clinic-doctor', clinicName: 'Siem Reap Health Post' });
		const other = await as('dara');
		const admin = await as('admin');
		await expect(sendRequest(other, 'observation:submit', { consultationId, observations: [oximetry(0)] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(sendRequest(wang, 'observation:submit', { consultationId, observations: [oximetry(0)] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(sendRequest(admin, 'observation:submit', { consultationId, observations: [oximetry(0)] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const waiting = await requestConsultation(clinic);
		await expect(sendRequest(clinic, 'observation:submit', { consultationId: waiting.consultationId, observations: [oximetry(0)] })).rejects.toMatchObject({ code: 'INVALID_STATE' });
		await sendRequest(wang, 'consultation:end', { consultationId, summary: 'Asthma, controlled.' });
		// Measured during the consultation, delivered after it ended (the clinic's link was down): stored.
		const measuredBefore = { ...oximetry(0), measuredAt: Date.now() - 60_000 };
		expect((await sendRequest(clinic, 'observation:submit', { consultationId, observations: [measuredBefore] })).acknowledged).toEqual([measuredBefore.id]);
		// Measured an hour after the end: not this consultation's.
		const measuredAfter = { ...oximetry(1), measuredAt: Date.now() + 3_600_000 };
		await expect(sendRequest(clinic, 'observation:submit', { consultationId, observations: [measuredAfter] })).rejects.toMatchObject({ code: 'INVALID_STATE' });
		const refused = await server.records.audit.list({ outcome: 'refused' });
		expect(refused.filter((r) => r.action === 'observation:submit' && r.consultationId === consultationId).map((r) => r.code)).toEqual(
			expect.arrayContaining(['NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE']),
		);
		expect((await sendRequest(clinic, 'observation:list', { consultationId })).observations.map((o) => o.id)).toEqual([measuredBefore.id]);
	});

	it('lets participants and admins read, and nobody else', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		await sendRequest(clinic, 'observation:submit', { consultationId, observations: [oximetry(0)] });
		const admin = await as('admin');
		const chen = await as('chen');
		expect((await sendRequest(admin, 'observation:list', { consultationId })).observations).toHaveLength(1);
		await expect(sendRequest(chen, 'observation:list', { consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('refuses an id that already belongs to another consultation, without touching it', async () => {
		const a = await acceptedConsultation(clinic, wang);
		const b = await acceptedConsultation(clinic, wang);
		const shared = oximetry(0);
		await sendRequest(clinic, 'observation:submit', { consultationId: a.consultationId, observations: [shared] });
		const answer = await sendRequest(clinic, 'observation:submit', { consultationId: b.consultationId, observations: [shared, oximetry(1)] });
		expect(answer.acknowledged).toHaveLength(1);
		expect(answer.acknowledged).not.toContain(shared.id);
		expect((await sendRequest(clinic, 'observation:list', { consultationId: a.consultationId })).observations).toEqual([shared]);
	});

	it('refuses malformed observations before anything is stored', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const raw = clinic as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } };
		const bad = { ...oximetry(0), readings: [{ code: 'spo2', value: 97, unit: '/min', decimals: 0 }] };
		expect(await raw.timeout(2000).emitWithAck('observation:submit', { consultationId, observations: [bad] })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
		expect((await sendRequest(clinic, 'observation:list', { consultationId })).observations).toEqual([]);
	});
});

describe('earlier observations', () => {
	it('gives the patient\'s readings from earlier consultations to this one\'s readers, oldest first', async () => {
		const first = await acceptedConsultation(clinic, wang);
		const earlier = [oximetry(0, 'ox-old'), oximetry(1, 'ox-old')];
		await sendRequest(clinic, 'observation:submit', { consultationId: first.consultationId, observations: earlier });
		await sendRequest(wang, 'consultation:end', { consultationId: first.consultationId, summary: 'Review in a week.' });
		const second = await acceptedConsultation(clinic, wang);
		await sendRequest(clinic, 'observation:submit', { consultationId: second.consultationId, observations: [oximetry(0, 'ox-new')] });
		const { observations } = await sendRequest(wang, 'observation:earlier', { consultationId: second.consultationId });
		const mine = observations.filter((o) => o.consultationId === first.consultationId);
		expect(mine.map((o) => [o.deviceId, o.seq])).toEqual([
			['ox-old', 0],
			['ox-old', 1],
		]);
		expect(observations.some((o) => o.consultationId === second.consultationId)).toBe(false);
		const chen = await as('chen');
		await expect(sendRequest(chen, 'observation:earlier', { consultationId: second.consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('GET /api/consultations/:id/fhir', () => {
	const fetchAs = async (username: string | undefined, consultationId: string) => {
		const headers: Record<string, string> = username ? { authorization: `Bearer ${(await signIn(server, username)).accessToken}` } : {};
		return fetch(`${server.url}${HTTP_ROUTES.consultationFhir(consultationId)}`, { headers });
	};

	it('gives participants and admins the vitals as an R4 collection Bundle, and nobody else', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		await sendRequest(clinic, 'observation:submit', { consultationId, observations: [oximetry(0), oximetry(1)] });
		for (const username of ['wang', 'admin', 'sok']) {
			const response = await fetchAs(username, consultationId);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
			const bundle = (await response.json()) as { resourceType: string; type: string; entry: { resource: { resourceType: string } }[] };
			expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
			// Patient, Encounter, one Device, and SpO2 + pulse for each of the two observations.
			expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(['Patient', 'Encounter', 'Device', 'Observation', 'Observation', 'Observation', 'Observation']);
		}
		expect((await fetchAs('chen', consultationId)).status).toBe(404);
		expect((await fetchAs(undefined, consultationId)).status).toBe(401);
	});
});

describe('observations across a restart', () => {
	it('are still there, and a resend after the restart is acknowledged, not duplicated', async () => {
		const dataDir = tempDataDir();
		const first = await startTestServer({ dataDir });
		const sok = await connectAs(first, 'sok');
		const expert = await connectAs(first, 'wang');
		const { consultationId } = await acceptedConsultation(sok, expert);
		const batch = [oximetry(0), oximetry(1)];
		await sendRequest(sok, 'observation:submit', { consultationId, observations: batch });
		sok.disconnect();
		expert.disconnect();
		await first.close();

		const second = await startTestServer({ dataDir });
		try {
			const again = await connectAs(second, 'sok');
			expect((await sendRequest(again, 'observation:submit', { consultationId, observations: batch })).acknowledged).toEqual(batch.map((o) => o.id));
			expect((await sendRequest(again, 'observation:list', { consultationId })).observations).toEqual(batch);
			again.disconnect();
		} finally {
			await second.close();
		}
	});
});
