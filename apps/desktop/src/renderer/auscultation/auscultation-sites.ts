import {
	AUSCULTATION_NOTIFICATIONS,
	EMPTY_AUSCULTATION_STATE,
	ProtocolError,
	sendRequest,
	type AuscultationSite,
	type AuscultationState,
	type Role,
} from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { SignalingSocket } from '../session/signaling-connection.js';

type Listener = (payload: unknown) => void;
type UntypedSocket = { on(event: string, listener: Listener): void; off(event: string, listener: Listener): void };

export interface AuscultationSitesEvents {
	change: [];
	problem: [error: ProtocolError];
}

/**
 * Where the chest piece is, as the room knows it: the clinic marks the site,
 * an expert asks for one, and both see the other's side live. Listens before
 * it asks for the current state, so nothing said in between is lost (one
 * socket keeps the server's order).
 */
export class AuscultationSites extends EventEmitter<AuscultationSitesEvents> {
	readonly #socket: SignalingSocket;
	readonly #role: Role;
	#state: AuscultationState = EMPTY_AUSCULTATION_STATE;
	readonly #listener: Listener;
	#closed = false;
	/** Settles once the room's current state has been asked for (answered or not). */
	readonly ready: Promise<void>;

	constructor(socket: SignalingSocket, role: Role) {
		super();
		this.#socket = socket;
		this.#role = role;
		this.#listener = (payload) => {
			const parsed = AUSCULTATION_NOTIFICATIONS['auscultation:changed'].safeParse(payload);
			if (parsed.success) this.#set(parsed.data);
			else this.emit('problem', new ProtocolError('INVALID_PAYLOAD', 'server sent a malformed auscultation:changed'));
		};
		(socket as unknown as UntypedSocket).on('auscultation:changed', this.#listener);
		this.ready = this.#run(sendRequest(socket, 'auscultation:state', {}));
	}

	get state(): AuscultationState {
		return this.#state;
	}

	get canMark(): boolean {
		return this.#role === 'clinic';
	}

	get canRequest(): boolean {
		return this.#role === 'expert';
	}

	/** The clinic: the chest piece is now at `site` (null: lifted off). */
	mark(site: AuscultationSite | null): Promise<void> {
		return this.#run(sendRequest(this.#socket, 'auscultation:site', { site }));
	}

	/** An expert: asks the clinic to move the chest piece to `site`. */
	request(site: AuscultationSite): Promise<void> {
		return this.#run(sendRequest(this.#socket, 'auscultation:requestSite', { site }));
	}

	close(): void {
		this.#closed = true;
		(this.#socket as unknown as UntypedSocket).off('auscultation:changed', this.#listener);
		this.removeAllListeners();
	}

	async #run(answer: Promise<{ state: AuscultationState }>): Promise<void> {
		try {
			this.#set((await answer).state);
		} catch (error) {
			if (!this.#closed) this.emit('problem', error instanceof ProtocolError ? error : new ProtocolError('INTERNAL', (error as Error).message));
		}
	}

	#set(state: AuscultationState): void {
		if (this.#closed) return;
		this.#state = state;
		this.emit('change');
	}
}
