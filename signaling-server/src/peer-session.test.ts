import { sendRequest } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { acceptedConsultation, connectAs, startTestServer, until, type TestClient } from './testing/test-server.js';

let server: ConsultationServer;
let clinic: TestClient;
let expert: TestClient;

beforeAll(async () => {
	server = await startTestServer();
	clinic = await connectAs(server, 'sok');
	expert = await connectAs(server, 'wang');
});
afterAll(async () => {
	clinic.disconnect();
	expert.disconnect();
	await server.close();
});

describe('PeerSession', () => {
	it('joins no one when the connection closes while the room is opening, and closes the empty room', async () => {
		const { consultationId } = await acceptedConsultation(clinic, expert);
		const gone = await connectAs(server, 'wang');
		gone.emit('room:join', { consultationId }, () => undefined);
		gone.disconnect();
		await until(() => server.roomStats(consultationId).length === 0);
		await new Promise((r) => setTimeout(r, 200));
		expect(server.roomStats(consultationId)).toEqual([]);
		expect((await server.mediaDump()).routers).toBe(0);
	});

	it('can leave and join another consultation on the same connection', async () => {
		const first = await acceptedConsultation(clinic, expert);
		const second = await acceptedConsultation(clinic, expert);
		await sendRequest(expert, 'room:join', { consultationId: first.consultationId });
		await sendRequest(expert, 'room:leave', {});
		expect(server.roomStats(first.consultationId)).toEqual([]);
		await sendRequest(expert, 'room:join', { consultationId: second.consultationId });
		expect(server.roomStats(second.consultationId)[0]?.peers).toBe(1);
		await sendRequest(expert, 'room:leave', {});
	});

	it('rejects a payload that does not match the protocol before any handler runs', async () => {
		const answer = await expert.timeout(2000).emitWithAck('transport:create', { direction: 'up', sctp: 'yes' } as never);
		expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringMatching(/direction.*sctp|sctp.*direction/s) } });
	});
});
