import type { CapturedSource } from '@consultdesk/media-settings';
import type { VitalsMessage } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import type { ClinicVitals } from './clinic-vitals.js';
import { captureSource } from './media-devices.js';

/** The parts of ConsultationClient the clinic's capture needs. */
export interface ClinicSender {
	send(source: CapturedSource, track: MediaStreamTrack): Promise<void>;
	stopSending(source: CapturedSource): Promise<void>;
	sendVitals(message: VitalsMessage): Promise<void>;
}

export type SendingState = 'idle' | 'starting' | 'sending';

export interface ClinicCaptureSnapshot {
	/** What is captured now; the exam-video track is also the preview. */
	tracks: Partial<Record<CapturedSource, MediaStreamTrack>>;
	sending: SendingState;
	error: unknown;
}

export interface ClinicCaptureOptions {
	capture?: (source: CapturedSource, deviceId: string | undefined) => Promise<MediaStreamTrack>;
}

/**
 * Everything the clinic terminal captures and sends: the camera (previewed
 * before sending, and the very track that is sent), voice, stethoscope and the
 * vitals devices (ClinicVitals, which outlive this screen). It owns the
 * tracks and stops them on close().
 */
export class ClinicCapture extends EventEmitter<{ change: [] }> {
	readonly #sender: ClinicSender;
	readonly #capture: NonNullable<ClinicCaptureOptions['capture']>;
	readonly #vitals: ClinicVitals;
	readonly #consultationId: string;
	readonly #tracks = new Map<CapturedSource, MediaStreamTrack>();
	#snapshot: ClinicCaptureSnapshot = { tracks: {}, sending: 'idle', error: undefined };
	#closed = false;

	constructor(sender: ClinicSender, vitals: ClinicVitals, consultationId: string, options: ClinicCaptureOptions = {}) {
		super();
		this.#sender = sender;
		this.#vitals = vitals;
		this.#consultationId = consultationId;
		this.#capture = options.capture ?? captureSource;
	}

	/** Immutable; a new object after every change, for React's useSyncExternalStore. */
	get snapshot(): ClinicCaptureSnapshot {
		return this.#snapshot;
	}

	/** Switches the exam camera; while sending, the expert gets the new camera at once. */
	async selectCamera(deviceId: string | undefined): Promise<void> {
		await this.#guard(async () => {
			const track = await this.#capture('exam-video', deviceId);
			if (this.#closed) return void track.stop();
			this.#own('exam-video', track);
			if (this.#snapshot.sending === 'sending') await this.#sender.send('exam-video', track);
		});
	}

	/**
	 * Switches the document camera on (capturing the chosen device at full HD
	 * and, while sending, sending it as its own track) or off (stopping it,
	 * so the expert's view of it goes away). Choosing another device while it
	 * is on switches to that one.
	 */
	async setDocumentCamera(deviceId: string | undefined, on: boolean): Promise<void> {
		await this.#guard(async () => {
			if (!on) {
				this.#drop('document');
				await this.#sender.stopSending('document');
				return;
			}
			const track = await this.#capture('document', deviceId);
			if (this.#closed) return void track.stop();
			this.#own('document', track);
			if (this.#snapshot.sending === 'sending') await this.#sender.send('document', track);
		});
	}

	/** Captures voice and stethoscope from the chosen inputs and sends everything, with vitals. */
	async start(inputs: { voice: string | undefined; stethoscope: string | undefined }): Promise<void> {
		if (this.#snapshot.sending !== 'idle') return;
		this.#update({ sending: 'starting', error: undefined });
		const ok = await this.#guard(async () => {
			this.#own('voice', await this.#capture('voice', inputs.voice));
			this.#own('stethoscope', await this.#capture('stethoscope', inputs.stethoscope));
			for (const [source, track] of this.#tracks) await this.#sender.send(source, track);
			this.#vitals.attach(this.#sender);
			this.#vitals.start(this.#consultationId);
		});
		this.#update({ sending: ok ? 'sending' : 'idle' });
	}

	dismissError(): void {
		this.#update({ error: undefined });
	}

	close(): void {
		this.#closed = true;
		this.#vitals.detach(this.#sender);
		for (const track of this.#tracks.values()) track.stop();
		this.#tracks.clear();
		this.removeAllListeners();
	}

	#drop(source: CapturedSource): void {
		this.#tracks.get(source)?.stop();
		this.#tracks.delete(source);
		this.#update({ tracks: Object.fromEntries(this.#tracks) });
	}

	#own(source: CapturedSource, track: MediaStreamTrack): void {
		const previous = this.#tracks.get(source);
		if (previous && previous !== track) previous.stop();
		this.#tracks.set(source, track);
		this.#update({ tracks: Object.fromEntries(this.#tracks) });
	}

	async #guard(run: () => Promise<void>): Promise<boolean> {
		try {
			await run();
			return true;
		} catch (error) {
			this.#update({ error });
			return false;
		}
	}

	#update(change: Partial<ClinicCaptureSnapshot>): void {
		if (this.#closed) return;
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}
