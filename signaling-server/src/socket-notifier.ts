import type { Consultation } from '@consultdesk/protocol';
import type { SessionTerminator } from './account-service.js';
import type { AttachmentNotifier } from './attachments/attachment-service.js';
import { audience } from './audience.js';
import type { ConsultationNotifier } from './consultation-service.js';
import type { PresenceRegistry } from './presence-registry.js';
import type { ConsultationIo } from './socket-gateway.js';

/**
 * What the services tell people, addressed to the Socket.IO rooms of
 * audience.ts: a consultation to its clinic, its experts, admins and, while
 * it waits, the experts of its specialty; presence to admins.
 */
export function createSocketNotifier(io: ConsultationIo, presence: PresenceRegistry): ConsultationNotifier & SessionTerminator & AttachmentNotifier {
	presence.on('changed', (accountId, status) => io.to(audience.admins).emit('presence:changed', { accountId, presence: status }));
	return {
		changed(consultation: Consultation, wasWaiting: boolean): void {
			const participants = consultation.experts.map((e) => audience.account(e.accountId));
			const viewers = [audience.clinic(consultation.clinic.clinicId), audience.admins, ...participants];
			if (consultation.state === 'requested') viewers.push(audience.specialty(consultation.specialty));
			io.to(viewers).emit('consultation:updated', consultation);
			// The rest of the specialty saw it in their queue; now it is someone else's, or over.
			if (wasWaiting && consultation.state !== 'requested') {
				io.to(audience.specialty(consultation.specialty))
					.except([...participants, audience.admins])
					.emit('consultation:withdrawn', { consultationId: consultation.consultationId });
			}
		},
		// Attachments go to the consultation's own people: its clinic and its experts (admins read them on demand).
		attachment(consultation, event, attachment): void {
			io.to([audience.clinic(consultation.clinic.clinicId), ...consultation.experts.map((e) => audience.account(e.accountId))]).emit(event, attachment);
		},
		photoRequested(consultation, payload): void {
			io.to(audience.clinic(consultation.clinic.clinicId)).emit('attachment:photo-requested', payload);
		},
		endSessions(accountId: string, reason: 'account-disabled'): void {
			const room = audience.account(accountId);
			io.to(room).emit('session:ended', { reason });
			// disconnectSockets(true) closes the transport at once: let the notification leave first.
			setImmediate(() => io.in(room).disconnectSockets(true));
		},
	};
}
