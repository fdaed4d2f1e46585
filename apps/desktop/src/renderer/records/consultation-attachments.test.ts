import type { Attachment, NotificationName, NotificationPayload } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './attachment-outbox.js';
import { ConsultationAttachments, type AttachmentConnection } from './consultation-attachments.js';

const still = (id: string, state: Attachment['state'], consultationId = 'c1'): Attachment => ({
	id,
	consultationId,
	kind: 'still',
	contentType: 'image/png',
	state,
	sha256: 'a'.repeat(64),
	byteLength: 3,
	capturedAt: 1_763_780_000_000,
	source: 'clinic',
	width: 100,
	height: 50,
});

/** The server side: a list answer, notifications the test pushes, and bytes by id. */
class FakeConnection implements AttachmentConnection {
	readonly notifications = new EventEmitter();
	listed: Attachment[] = [];
	readonly requests: string[] = [];

	async request(event: string): Promise<never> {
		this.requests.push(event);
		if (event === 'attachment:list') return { attachments: this.listed } as never;
		if (event === 'attachment:earlier') return { attachments: [{ ...still('old', 'stored', 'c0'), consultationRequestedAt: '2026-01-01T00:00:00.000Z' }] } as never;
		return {} as never;
	}

	subscribe<E extends NotificationName>(event: E, handler: (payload: NotificationPayload<E>) => void): () => void {
		this.notifications.on(event, handler);
		return () => void this.notifications.off(event, handler);
	}
}

const until = async (check: () => boolean) => {
	for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
	expect(check()).toBe(true);
};

describe('ConsultationAttachments', () => {
	it('lists stored and pending stills, marks arrivals, fetches their bytes, and ignores other consultations', async () => {
		const connection = new FakeConnection();
		connection.listed = [still('s1', 'stored'), still('p1', 'pending')];
		const fetched: string[] = [];
		const gallery = new ConsultationAttachments({
			connection,
			consultationId: 'c1',
			fetchContent: async (id) => (fetched.push(id), new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' })),
			hash: sha256Hex,
		});
		await gallery.start();
		await until(() => gallery.snapshot.stills.find((s) => s.attachment.id === 's1')?.url !== undefined);
		expect(gallery.snapshot.stills.map((s) => [s.attachment.id, s.attachment.state])).toEqual([['s1', 'stored'], ['p1', 'pending']]);
		expect(gallery.snapshot.stills[0]!.fetchedSha256).toBe(await sha256Hex(new Blob([new Uint8Array([1, 2, 3])])));

		connection.notifications.emit('attachment:pending', still('p2', 'pending'));
		connection.notifications.emit('attachment:pending', still('x', 'pending', 'another'));
		connection.notifications.emit('attachment:added', still('p1', 'stored'));
		// A pending notice that arrives late never hides a stored still.
		connection.notifications.emit('attachment:pending', still('p1', 'pending'));
		await until(() => gallery.snapshot.stills.find((s) => s.attachment.id === 'p1')?.url !== undefined);
		expect(gallery.snapshot.stills.map((s) => [s.attachment.id, s.attachment.state])).toEqual([['s1', 'stored'], ['p1', 'stored'], ['p2', 'pending']]);
		expect(fetched).toEqual(['s1', 'p1']);

		await gallery.loadEarlier();
		await until(() => gallery.snapshot.earlier[0]?.url !== undefined);
		expect(gallery.snapshot.earlier[0]!.attachment.consultationId).toBe('c0');
		await gallery.requestPhoto('closer');
		expect(connection.requests).toContain('attachment:request-photo');
		gallery.close();
		expect(connection.notifications.listenerCount('attachment:added')).toBe(0);
	});
});
