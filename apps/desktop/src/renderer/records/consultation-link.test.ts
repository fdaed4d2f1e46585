import { ProtocolError } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { resolveConsultationLink } from './consultation-link.js';
import { testConsultation } from './test-consultation.js';

describe('a consultation link in the page', () => {
	it('joins a consultation the account may see and that is open', async () => {
		for (const state of ['accepted', 'live'] as const) {
			const consultation = testConsultation('1', { state });
			expect(await resolveConsultationLink(async () => ({ consultation, transitions: [] }))).toEqual({ kind: 'join', consultation });
		}
	});

	it('says a visible consultation is not open when it is waiting or over', async () => {
		for (const state of ['requested', 'ended', 'cancelled', 'expired'] as const) {
			expect(await resolveConsultationLink(async () => ({ consultation: testConsultation('1', { state }), transitions: [] }))).toEqual({ kind: 'not-open', state });
		}
	});

	it('reads a refusal and an unknown consultation alike, and lets other failures through', async () => {
		for (const code of ['FORBIDDEN', 'NOT_FOUND'] as const) {
			expect(
				await resolveConsultationLink(async () => {
					throw new ProtocolError(code, 'no');
				}),
			).toEqual({ kind: 'not-available' });
		}
		await expect(
			resolveConsultationLink(async () => {
				throw new ProtocolError('UNREACHABLE', 'down');
			}),
		).rejects.toMatchObject({ code: 'UNREACHABLE' });
	});
});
