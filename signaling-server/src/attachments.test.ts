import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { ATTACHMENT_METADATA_KEY, HTTP_ROUTES, sendRequest, type AttachmentDeclaration } from '@consultdesk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENTS_DIRECTORY, type ConsultationServer } from './consultation-server.js';
import { jpegWithGps, TINY_JPEG } from './testing/still-fixtures.js';
import { acceptedConsultation, collectNotifications, createAccount, startTestServer, TestSessions, until, type TestClient } from './testing/test-server.js';

/*
 * Attachments through the real server, its tus endpoint and a real SQLite
 * file, spoken to in plain tus 1.0 so every step (create, an interrupted
 * PATCH, HEAD, the rest) is visible.
 */

let server: ConsultationServer;
let clinic: TestClient & { tokens: { accessToken: string } };
let wang: TestClient & { tokens: { accessToken: string } };
const sessions = new TestSessions(() => server);

beforeAll(async () => {
	server = await startTestServer({ stillMaxBytes: 64 * 1024 });
	clinic = await sessions.as('sok');
	wang = await sessions.as('wang');
});
afterAll(async () => {
	sessions.closeAll();
	await server.close();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function declaration(consultationId: string, bytes: Buffer, overrides: Partial<AttachmentDeclaration> = {}): AttachmentDeclaration {
	return {
		id: randomUUID(),
		consultationId,
		kind: 'still',
		contentType: 'image/jpeg',
		sha256: sha256(bytes),
		byteLength: bytes.byteLength,
		capturedAt: Date.now(),
		caption: 'Left forearm, lesion',
		width: 16,
		height: 8,
		...overrides,
	};
}

const tusHeaders = (token: string) => ({ 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` });

async function create(token: string, d: AttachmentDeclaration, length = d.byteLength): Promise<Response> {
	return fetch(`${server.url}${HTTP_ROUTES.attachmentUploads}`, {
		method: 'POST',
		headers: { ...tusHeaders(token), 'upload-length': String(length), 'upload-metadata': `${ATTACHMENT_METADATA_KEY} ${Buffer.from(JSON.stringify(d)).toString('base64')}` },
	});
}

async function patch(token: string, id: string, offset: number, bytes: Uint8Array): Promise<Response> {
	return fetch(`${server.url}${HTTP_ROUTES.attachmentUpload(id)}`, {
		method: 'PATCH',
		headers: { ...tusHeaders(token), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
		body: bytes,
	});
}

async function offsetOf(token: string, id: string): Promise<number | undefined> {
	const response = await fetch(`${server.url}${HTTP_ROUTES.attachmentUpload(id)}`, { method: 'HEAD', headers: tusHeaders(token) });
	return response.ok ? Number(response.headers.get('upload-offset')) : undefined;
}

async function upload(token: string, d: AttachmentDeclaration, bytes: Uint8Array): Promise<Response> {
	const created = await create(token, d);
	if (created.status !== 201) return created;
	return patch(token, d.id, 0, bytes);
}

async function record(token: string, id: string): Promise<Response> {
	return fetch(`${server.url}${HTTP_ROUTES.attachment(id)}`, { headers: { authorization: `Bearer ${token}` } });
}

async function content(token: string, id: string): Promise<Response> {
	return fetch(`${server.url}${HTTP_ROUTES.attachmentContent(id)}`, { headers: { authorization: `Bearer ${token}` } });
}

const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

/** Sends the first `sent` bytes of a PATCH that announced all of them, then drops the connection, as a cut link does. */
async function interruptedPatch(token: string, id: string, bytes: Uint8Array, sent: number): Promise<void> {
	const url = new URL(`${server.url}${HTTP_ROUTES.attachmentUpload(id)}`);
	await new Promise<void>((resolve) => {
		const req = httpRequest(url, {
			method: 'PATCH',
			headers: { ...tusHeaders(token), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.byteLength) },
		});
		req.on('error', () => resolve());
		req.on('close', () => resolve());
		req.write(bytes.subarray(0, sent), () => setTimeout(() => req.destroy(), 200));
	});
}

describe('attachments', () => {
	it('resumes an upload after its PATCH was cut, from the offset the server holds, and keeps the bytes once', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const added = collectNotifications(wang, 'attachment:added');
		const pending = collectNotifications(wang, 'attachment:pending');
		// A larger (still valid) JPEG: the tiny one with a 30 kB comment segment, so half of it is a real part.
		const comment = Buffer.alloc(30_000, 0x41);
		const header = Buffer.from([0xff, 0xfe, 0, 0]);
		header.writeUInt16BE(comment.length + 2, 2);
		const bytes = Buffer.concat([TINY_JPEG.subarray(0, 2), header, comment, TINY_JPEG.subarray(2)]);
		const d = declaration(consultationId, bytes);
		expect((await create(clinic.tokens.accessToken, d)).status).toBe(201);
		await until(() => pending.length === 1);
		expect(pending[0]).toMatchObject({ id: d.id, state: 'pending', caption: 'Left forearm, lesion' });

		await interruptedPatch(clinic.tokens.accessToken, d.id, bytes, 15_000);
		let offset = 0;
		await until(async () => ((offset = (await offsetOf(clinic.tokens.accessToken, d.id)) ?? 0) > 0));
		expect(offset).toBeGreaterThan(0);
		expect(offset).toBeLessThan(bytes.byteLength);
		expect((await record(wang.tokens.accessToken, d.id)).status).toBe(200);
		expect((await content(wang.tokens.accessToken, d.id)).status).toBe(404);

		const rest = await patch(clinic.tokens.accessToken, d.id, offset, bytes.subarray(offset));
		expect(rest.status).toBe(204);
		await until(() => added.length === 1);
		expect(added[0]).toMatchObject({ id: d.id, consultationId, state: 'stored', sha256: d.sha256, width: 16, height: 8, source: 'clinic' });
		const download = await content(wang.tokens.accessToken, d.id);
		expect(download.headers.get('content-type')).toBe('image/jpeg');
		expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(d.sha256);
		expect(readdirSync(join(server.config.dataDir, ATTACHMENTS_DIRECTORY, consultationId))).toEqual([d.id]);
		// tus's own copy is gone once the attachment is kept.
		expect(existsSync(join(server.config.dataDir, ATTACHMENTS_DIRECTORY, '.uploads', d.id))).toBe(false);
	});

	it('stores an attachment exactly once: the same id uploaded again is refused as stored, and its record acknowledges it', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const d = declaration(consultationId, TINY_JPEG);
		expect((await upload(clinic.tokens.accessToken, d, TINY_JPEG)).status).toBe(204);
		// The answer was lost; the clinic's outbox tries again with the same id.
		const again = await create(clinic.tokens.accessToken, d);
		expect(again.status).toBe(409);
		expect(await errorCode(again)).toBe('CONFLICT');
		const stored = await record(clinic.tokens.accessToken, d.id);
		expect(await stored.json()).toMatchObject({ attachment: { id: d.id, state: 'stored', sha256: d.sha256 } });
		const { attachments } = await sendRequest(wang, 'attachment:list', { consultationId });
		expect(attachments.map((a) => a.id)).toEqual([d.id]);
		expect(readdirSync(join(server.config.dataDir, ATTACHMENTS_DIRECTORY, consultationId))).toEqual([d.id]);
	});

	it('refuses an id that belongs to another consultation, and audits it', async () => {
		const first = await acceptedConsultation(clinic, wang);
		const second = await acceptedConsultation(clinic, wang);
		const d = declaration(first.consultationId, TINY_JPEG);
		expect((await upload(clinic.tokens.accessToken, d, TINY_JPEG)).status).toBe(204);
		const stolen = await create(clinic.tokens.accessToken, { ...d, consultationId: second.consultationId });
		expect(stolen.status).toBe(409);
		expect(await errorCode(stolen)).toBe('CONFLICT');
		const audit = await server.records.audit.list({ consultationId: second.consultationId, outcome: 'refused' });
		expect(audit.map((a) => [a.action, a.code])).toContainEqual(['attachment:upload', 'CONFLICT']);
		expect((await sendRequest(wang, 'attachment:list', { consultationId: second.consultationId })).attachments).toEqual([]);
	});

	it('refuses bytes whose SHA-256 is not the declared one, deletes them and says CHECKSUM_MISMATCH', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const d = declaration(consultationId, TINY_JPEG);
		const corrupt = Buffer.from(TINY_JPEG);
		corrupt[100] = corrupt[100]! ^ 0xff;
		const answer = await upload(clinic.tokens.accessToken, d, corrupt);
		expect(answer.status).toBe(422);
		expect(await errorCode(answer)).toBe('CHECKSUM_MISMATCH');
		expect((await record(clinic.tokens.accessToken, d.id)).status).toBe(404);
		expect(existsSync(join(server.config.dataDir, ATTACHMENTS_DIRECTORY, consultationId, d.id))).toBe(false);
		expect(existsSync(join(server.config.dataDir, ATTACHMENTS_DIRECTORY, '.uploads', d.id))).toBe(false);
		// The clinic still holds the right bytes: the same id goes through when they arrive intact.
		expect((await upload(clinic.tokens.accessToken, d, TINY_JPEG)).status).toBe(204);
	});

	it('refuses what is not the image it claims to be, with UNSUPPORTED_MEDIA', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const text = Buffer.from('not an image at all, just some text');
		const answer = await upload(clinic.tokens.accessToken, declaration(consultationId, text), text);
		expect(answer.status).toBe(415);
		expect(await errorCode(answer)).toBe('UNSUPPORTED_MEDIA');
	});

	it('refuses a still over the size limit before any byte is sent, with TOO_LARGE', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const d = { ...declaration(consultationId, TINY_JPEG), byteLength: 65 * 1024 };
		const answer = await create(clinic.tokens.accessToken, d);
		expect(answer.status).toBe(413);
		expect(await errorCode(answer)).toBe('TOO_LARGE');
	});

	it('strips the EXIF block with its GPS position from a still before storing it', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const bytes = jpegWithGps();
		expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true);
		const d = declaration(consultationId, bytes);
		expect((await upload(clinic.tokens.accessToken, d, bytes)).status).toBe(204);
		const stored = Buffer.from(await (await content(wang.tokens.accessToken, d.id)).arrayBuffer());
		expect(stored.includes(Buffer.from('Exif', 'latin1'))).toBe(false);
		// Everything else is untouched: exactly the JPEG the EXIF segment was added to.
		expect(stored.equals(TINY_JPEG)).toBe(true);
		expect(await (await record(wang.tokens.accessToken, d.id)).json()).toMatchObject({ attachment: { sha256: d.sha256, width: 16, height: 8 } });
	});

	it('keeps a stethoscope clip as the WAV it is, with its rate and length, downloaded as a file', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const samples = 4000;
		const wav = Buffer.alloc(44 + samples * 2);
		wav.write('RIFF', 0, 'latin1');
		wav.writeUInt32LE(36 + samples * 2, 4);
		wav.write('WAVEfmt ', 8, 'latin1');
		wav.writeUInt32LE(16, 16);
		wav.writeUInt16LE(1, 20);
		wav.writeUInt16LE(1, 22);
		wav.writeUInt32LE(4000, 24);
		wav.writeUInt32LE(8000, 28);
		wav.writeUInt16LE(2, 32);
		wav.writeUInt16LE(16, 34);
		wav.write('data', 36, 'latin1');
		wav.writeUInt32LE(samples * 2, 40);
		const d = declaration(consultationId, wav, { kind: 'stethoscope-clip', contentType: 'audio/wav', width: undefined, height: undefined, caption: 'Apex' });
		expect((await upload(clinic.tokens.accessToken, d, wav)).status).toBe(204);
		const download = await content(wang.tokens.accessToken, d.id);
		expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${d.id}.wav"`);
		expect(download.headers.get('content-type')).toBe('audio/wav');
		expect(await (await record(wang.tokens.accessToken, d.id)).json()).toMatchObject({ attachment: { sampleRate: 4000, durationMs: 1000 } });
	});

	it('refuses non-participants: they cannot upload, list, read or download, and learn nothing', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const d = declaration(consultationId, TINY_JPEG);
		expect((await upload(clinic.tokens.accessToken, d, TINY_JPEG)).status).toBe(204);
		await createAccount(server, { username: 'h9-other-clinic', role: 'clinic-doctor' });
		const other = await sessions.as('h9-other-clinic');
		const chen = await sessions.as('chen');
		for (const stranger of [other, chen]) {
			const token = stranger.tokens.accessToken;
			expect(await errorCode(await record(token, d.id))).toBe('NOT_FOUND');
			expect(await errorCode(await content(token, d.id))).toBe('NOT_FOUND');
			expect(await errorCode(await create(token, declaration(consultationId, TINY_JPEG)))).toBe('NOT_FOUND');
			await expect(sendRequest(stranger, 'attachment:list', { consultationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		}
		// Someone else's upload cannot be resumed or probed either.
		const theirs = declaration(consultationId, TINY_JPEG);
		expect((await create(clinic.tokens.accessToken, theirs)).status).toBe(201);
		expect((await patch(wang.tokens.accessToken, theirs.id, 0, TINY_JPEG)).status).toBe(404);
		// No token, no upload.
		const anonymous = await fetch(`${server.url}${HTTP_ROUTES.attachmentUploads}`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } });
		expect(anonymous.status).toBe(401);
		const audit = await server.records.audit.list({ consultationId, outcome: 'refused' });
		expect(audit.filter((a) => a.action.startsWith('attachment:')).length).toBeGreaterThanOrEqual(6);
	});

	it('relays an expert\'s request for a photo to that consultation\'s clinic only', async () => {
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const requests = collectNotifications(clinic, 'attachment:photo-requested');
		await sendRequest(wang, 'attachment:request-photo', { consultationId, note: 'closer, please' });
		await until(() => requests.length === 1);
		expect(requests[0]).toEqual({ consultationId, requestedBy: 'Dr Wang Li', note: 'closer, please' });
		await expect(sendRequest(clinic, 'attachment:request-photo', { consultationId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('lists the patient\'s stills from earlier consultations for comparison', async () => {
		const earlier = await acceptedConsultation(clinic, wang);
		const d = declaration(earlier.consultationId, TINY_JPEG, { bodySite: 'left forearm' });
		expect((await upload(clinic.tokens.accessToken, d, TINY_JPEG)).status).toBe(204);
		await new Promise((r) => setTimeout(r, 5));
		const now = await acceptedConsultation(clinic, wang);
		const { attachments } = await sendRequest(wang, 'attachment:earlier', { consultationId: now.consultationId });
		expect(attachments.map((a) => a.id)).toContain(d.id);
		expect(attachments.find((a) => a.id === d.id)).toMatchObject({ consultationId: earlier.consultationId, bodySite: 'left forearm' });
	});

	it('lets the desktop app (app://consultdesk) upload across origins: PATCH and the tus headers are allowed and exposed', async () => {
		const origin = 'app://consultdesk';
		const preflight = await fetch(`${server.url}${HTTP_ROUTES.attachmentUpload(randomUUID())}`, {
			method: 'OPTIONS',
			headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,tus-resumable,upload-offset,content-type' },
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
		expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
		expect(preflight.headers.get('access-control-allow-headers')).toContain('upload-offset');
		const { consultationId } = await acceptedConsultation(clinic, wang);
		const d = declaration(consultationId, TINY_JPEG);
		const created = await fetch(`${server.url}${HTTP_ROUTES.attachmentUploads}`, {
			method: 'POST',
			headers: { ...tusHeaders(clinic.tokens.accessToken), origin, 'upload-length': String(d.byteLength), 'upload-metadata': `${ATTACHMENT_METADATA_KEY} ${Buffer.from(JSON.stringify(d)).toString('base64')}` },
		});
		expect(created.status).toBe(201);
		expect(created.headers.get('access-control-allow-origin')).toBe(origin);
		expect(created.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('location');
		expect(created.headers.get('location')).toBe(HTTP_ROUTES.attachmentUpload(d.id));
	});
});
