import { sendRequest } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationServer } from './consultation-server.js';
import { connectAs, opusRtpParameters, startTestServer, until } from './testing/test-server.js';

let server: ConsultationServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	await server.close();
});

const DTLS = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] };

describe('pre-consultation connectivity check', () => {
	it('gives a terminal a transport of its own (UDP and TCP, or TCP only), takes one test stream and reports what arrives', async () => {
		const clinic = await connectAs(server, 'sok');
		try {
			const both = await sendRequest(clinic, 'check:start', { tcpOnly: false });
			expect(both.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
			expect(both.routerRtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));
			const tcp = await sendRequest(clinic, 'check:start', { tcpOnly: true });
			expect(tcp.iceCandidates.map((c) => c.protocol)).toEqual(['tcp']);
			// The first check's transport went with the second start.
			await expect(sendRequest(clinic, 'check:connect', { transportId: both.transportId, dtlsParameters: DTLS })).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await sendRequest(clinic, 'check:connect', { transportId: tcp.transportId, dtlsParameters: DTLS });
			await expect(sendRequest(clinic, 'check:stats', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await sendRequest(clinic, 'check:produce', { transportId: tcp.transportId, kind: 'audio', rtpParameters: opusRtpParameters(5151) });
			await expect(sendRequest(clinic, 'check:produce', { transportId: tcp.transportId, kind: 'audio', rtpParameters: opusRtpParameters(5152) })).rejects.toMatchObject({ code: 'LIMIT_REACHED' });
			expect(await sendRequest(clinic, 'check:stats', {})).toEqual({ receivedBitrate: 0, fractionLost: 0 });
			expect((await server.mediaDump()).routers).toBe(1);
			await sendRequest(clinic, 'check:end', {});
			expect((await server.mediaDump()).routers).toBe(0);
			// No consultation was involved.
			expect(server.roomStats()).toEqual([]);
		} finally {
			clinic.disconnect();
		}
	});

	it('closes what a check holds when the connection goes', async () => {
		const expert = await connectAs(server, 'wang');
		await sendRequest(expert, 'check:start', { tcpOnly: false });
		expect((await server.mediaDump()).routers).toBe(1);
		expert.disconnect();
		await until(async () => (await server.mediaDump()).routers === 0);
	});
});
