import { decodeVitalsMessage, ProtocolError, type EarlierObservation, type VitalsObservation } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { RoomSignaling } from './room-signaling.js';
import { VitalsHistory } from './vitals-history.js';

/** How long after a gap is seen the server is asked for what is missing. */
const GAP_FILL_DELAY_MS = 3000;

export interface VitalsFeedEvents {
	/** Readings were added; the argument is the whole history so far. */
	vitals: [history: VitalsHistory];
}

/**
 * The readings a consultation's receiving seat has seen: live from the vitals
 * data channel, and from the server for whatever the live path missed (a
 * dropped link, joining late) — the server holds every reading exactly once.
 */
export class VitalsFeed extends EventEmitter<VitalsFeedEvents> {
	readonly #signaling: RoomSignaling;
	readonly #consultationId: string;
	readonly #onProblem: (error: unknown) => void;
	/** Ten minutes of once-a-second readings for the trend. */
	#history = VitalsHistory.withCapacity(600);
	#gapFill: ReturnType<typeof setTimeout> | undefined;
	#closed = false;

	constructor(signaling: RoomSignaling, consultationId: string, onProblem: (error: unknown) => void) {
		super();
		this.#signaling = signaling;
		this.#consultationId = consultationId;
		this.#onProblem = onProblem;
	}

	get history(): VitalsHistory {
		return this.#history;
	}

	/** One message from the vitals data channel; anything that is not a vitals message is reported and ignored. */
	receive(data: unknown): void {
		if (typeof data !== 'string') {
			this.#onProblem(new ProtocolError('INVALID_PAYLOAD', 'vitals channel sent binary data'));
			return;
		}
		try {
			this.#add(decodeVitalsMessage(data).observations);
		} catch {
			this.#onProblem(new ProtocolError('INVALID_PAYLOAD', 'a vitals message did not match the protocol and was ignored'));
			return;
		}
		if (this.#hasGaps()) this.#scheduleGapFill();
	}

	/** Adds every observation the server holds for this consultation that this seat has not seen. */
	async fillFromServer(): Promise<void> {
		if (!this.#signaling.connected) return;
		try {
			const { observations } = await this.#signaling.request('observation:list', { consultationId: this.#consultationId });
			this.#add(observations);
		} catch (error) {
			this.#onProblem(error);
		}
	}

	/** The patient's readings from earlier consultations (for the trend); empty when the server cannot be asked. */
	async earlier(): Promise<EarlierObservation[]> {
		if (!this.#signaling.connected) return [];
		try {
			return (await this.#signaling.request('observation:earlier', { consultationId: this.#consultationId })).observations;
		} catch (error) {
			this.#onProblem(error);
			return [];
		}
	}

	close(): void {
		this.#closed = true;
		clearTimeout(this.#gapFill);
		this.removeAllListeners();
	}

	#add(observations: VitalsObservation[]): void {
		const next = this.#history.add(...observations);
		if (next === this.#history) return;
		this.#history = next;
		this.emit('vitals', next);
	}

	#hasGaps(): boolean {
		return this.#history.devices.some((d) => d.missed > 0);
	}

	/**
	 * Asks the server for what the live channel missed, at most once every few
	 * seconds: the clinic's outbox needs time to deliver after a drop.
	 */
	#scheduleGapFill(): void {
		if (this.#gapFill !== undefined || this.#closed) return;
		this.#gapFill = setTimeout(() => {
			void this.fillFromServer().finally(() => {
				this.#gapFill = undefined;
				if (!this.#closed && this.#hasGaps()) this.#scheduleGapFill();
			});
		}, GAP_FILL_DELAY_MS);
	}
}
