import type { Account, ParsedRequest, RequestName, ResponseData } from '@consultdesk/protocol';
import type { AccountService } from './account-service.js';
import type { AttachmentService } from './attachments/attachment-service.js';
import type { CheckRequestName } from './connectivity-check.js';
import type { ConsultationService } from './consultation-service.js';
import type { ObservationService } from './observation-service.js';
import type { MediaRequestName } from './peer-session.js';

/** Requests about records and people (everything that is not media set-up). */
export type RecordRequestName = Exclude<RequestName, MediaRequestName | CheckRequestName>;

export type RecordHandlers = { [E in RecordRequestName]: (account: Account, payload: ParsedRequest<E>) => Promise<ResponseData<E>> };

/** Each record request, answered for the account of the connection that sent it. */
export function recordHandlers(consultations: ConsultationService, accounts: AccountService, observations: ObservationService, attachments: AttachmentService): RecordHandlers {
	const one = async (consultation: Promise<ResponseData<'consultation:accept'>['consultation']>) => ({ consultation: await consultation });
	return {
		'patient:register': async (account, input) => ({ patient: await consultations.registerPatient(account, input) }),
		'patient:list': async (account) => ({ patients: await consultations.listPatients(account) }),
		'consultation:request': (account, input) => one(consultations.request(account, input)),
		'consultation:cancel': (account, { consultationId }) => one(consultations.cancel(account, consultationId)),
		'consultation:accept': (account, { consultationId }) => one(consultations.accept(account, consultationId)),
		'consultation:invite': (account, { consultationId, expertAccountId }) => one(consultations.invite(account, consultationId, expertAccountId)),
		'consultation:end': (account, { consultationId, summary }) => one(consultations.end(account, consultationId, summary)),
		'consultation:assign': (account, { consultationId, expertAccountId }) => one(consultations.assign(account, consultationId, expertAccountId)),
		'consultation:list-open': async (account) => ({ consultations: await consultations.listOpen(account) }),
		'presence:set': async (account, { presence }) => {
			await accounts.setPresence(account, presence);
			return {};
		},
		'observation:submit': async (account, { consultationId, observations: batch }) => ({
			acknowledged: await observations.submit(account, consultationId, batch),
		}),
		'observation:list': async (account, { consultationId }) => ({ observations: await observations.list(account, consultationId) }),
		'observation:earlier': async (account, { consultationId }) => ({ observations: await observations.earlier(account, consultationId) }),
		'attachment:list': async (account, { consultationId }) => ({ attachments: await attachments.list(account, consultationId) }),
		'attachment:earlier': async (account, { consultationId }) => ({ attachments: await attachments.earlier(account, consultationId) }),
		'attachment:request-photo': async (account, { consultationId, note }) => {
			await attachments.requestPhoto(account, consultationId, note);
			return {};
		},
		'expert:list': async (account) => ({ experts: await accounts.listExperts(account) }),
		'account:disable': async (account, { accountId }) => {
			await accounts.disable(account, accountId);
			return {};
		},
	};
}
