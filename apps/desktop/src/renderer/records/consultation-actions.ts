import { ProtocolError, type Consultation, type RequestPayload } from '@consultdesk/protocol';
import type { SignalingConnection } from '../session/signaling-connection.js';
import type { OpenConsultations } from './open-consultations.js';

/**
 * The consultation lifecycle requests. Each applies the server's answer to
 * the open list at once (the notification that follows changes nothing), and
 * a refusal because the consultation moved on (INVALID_STATE, ALREADY_TAKEN)
 * reloads the list, so what the user sees next is what it is now.
 */
export class ConsultationActions {
	readonly #connection: Pick<SignalingConnection, 'request'>;
	readonly #open: Pick<OpenConsultations, 'apply' | 'refresh'>;

	constructor(connection: Pick<SignalingConnection, 'request'>, open: Pick<OpenConsultations, 'apply' | 'refresh'>) {
		this.#connection = connection;
		this.#open = open;
	}

	request(payload: RequestPayload<'consultation:request'>): Promise<Consultation> {
		return this.#run(this.#connection.request('consultation:request', payload));
	}

	cancel(consultationId: string): Promise<Consultation> {
		return this.#run(this.#connection.request('consultation:cancel', { consultationId }));
	}

	accept(consultationId: string): Promise<Consultation> {
		return this.#run(this.#connection.request('consultation:accept', { consultationId }));
	}

	invite(consultationId: string, expertAccountId: string): Promise<Consultation> {
		return this.#run(this.#connection.request('consultation:invite', { consultationId, expertAccountId }));
	}

	end(consultationId: string, summary: string): Promise<Consultation> {
		return this.#run(this.#connection.request('consultation:end', { consultationId, summary }));
	}

	assign(consultationId: string, expertAccountId: string): Promise<Consultation> {
		return this.#run(this.#connection.request('consultation:assign', { consultationId, expertAccountId }));
	}

	async #run(answer: Promise<{ consultation: Consultation }>): Promise<Consultation> {
		try {
			const { consultation } = await answer;
			this.#open.apply(consultation);
			return consultation;
		} catch (error) {
			if (error instanceof ProtocolError && (error.code === 'INVALID_STATE' || error.code === 'ALREADY_TAKEN')) void this.#open.refresh();
			throw error;
		}
	}
}
