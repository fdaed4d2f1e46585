import { HTTP_ROUTES, PROTOCOL_VERSION, sendRequest } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { acceptedConsultation, connectAs, connectClient, signIn, startTestServer, tempDataDir } from './testing/test-server.js';

describe('records across a restart', () => {
	it('keeps accounts, consultations, their history and sign-ins when the server restarts on the same data directory', async () => {
		const dataDir = tempDataDir();
		const first = await startTestServer({ dataDir });
		const clinic = await connectAs(first, 'sok');
		const expert = await connectAs(first, 'wang');
		const { consultationId } = await acceptedConsultation(clinic, expert);
		await sendRequest(expert, 'consultation:end', { consultationId, summary: 'COPD exacerbation; continue tiotropium; spirometry in 3 months.' });
		const { patient } = await sendRequest(clinic, 'patient:register', { reference: 'KC-0999', birthYear: 1970, sex: 'female' });
		const tokensBefore = await signIn(first, 'sok');
		clinic.disconnect();
		expert.disconnect();
		await first.close();

		const second = await startTestServer({ dataDir });
		try {
			// Not seeded twice: the database already existed.
			expect((await second.records.accounts.list()).filter((a) => a.username === 'sok')).toHaveLength(1);
			// The signing key survived in the data directory: a token from before still works.
			const socket = await connectClient(second, { token: tokensBefore.accessToken, protocolVersion: PROTOCOL_VERSION });
			expect((await sendRequest(socket, 'patient:list', {})).patients.map((p) => p.reference)).toContain(patient.reference);
			socket.disconnect();
			const { accessToken } = await signIn(second, 'sok');
			const detail = (await (await fetch(`${second.url}${HTTP_ROUTES.consultation(consultationId)}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
				consultation: { state: string; summary: string };
				transitions: { to: string }[];
			};
			expect(detail.consultation).toMatchObject({ state: 'ended', summary: expect.stringMatching(/tiotropium/) });
			expect(detail.transitions.map((t) => t.to)).toEqual(['requested', 'accepted', 'ended']);
			const audit = await second.records.audit.list({ outcome: 'allowed' });
			expect(audit.some((r) => r.action === 'sign-in')).toBe(true);
		} finally {
			await second.close();
		}
	});
});
