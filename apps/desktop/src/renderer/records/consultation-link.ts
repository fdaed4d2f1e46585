import { ProtocolError, type Consultation, type ConsultationDetail, type ConsultationState } from '@consultdesk/protocol';

/** What a consultdesk://consultation/<id> link leads to for the signed-in account. */
export type LinkOutcome = { kind: 'join'; consultation: Consultation } | { kind: 'not-open'; state: ConsultationState } | { kind: 'not-available' };

/** The states a consultation can be joined in (as the home screens' Join buttons). */
const JOINABLE: readonly ConsultationState[] = ['accepted', 'live'];

/**
 * Asks the server for the linked consultation as this account — the server's
 * policy decides who may see it, the link itself grants nothing. Refused and
 * unknown read the same ("not available"), so a link tells nobody whether a
 * consultation exists. Anything else (the server unreachable) is thrown.
 */
export async function resolveConsultationLink(fetchDetail: () => Promise<ConsultationDetail>): Promise<LinkOutcome> {
	let detail: ConsultationDetail;
	try {
		detail = await fetchDetail();
	} catch (error) {
		if (error instanceof ProtocolError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) return { kind: 'not-available' };
		throw error;
	}
	const { consultation } = detail;
	return JOINABLE.includes(consultation.state) ? { kind: 'join', consultation } : { kind: 'not-open', state: consultation.state };
}
