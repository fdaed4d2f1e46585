import { EventEmitter } from 'eventemitter3';
import { ClipRecording, type ClipLabel, type OnClipRecorded, type RecordedClip } from './clip-recorder.js';

export interface ShelvedClip extends RecordedClip {
	/** An object URL of the WAV file, for download and playback; revoked when the shelf closes. */
	url: string;
}

export interface ClipShelfSnapshot {
	clips: readonly ShelvedClip[];
	recording: { startedAt: number } | undefined;
	error: unknown;
}

/**
 * The clips one screen recorded in this consultation, and the recording under
 * way. Every finished clip is announced as 'recorded' (the screen hands it
 * to its onClipRecorded: the attachment outbox, once connected) and kept here
 * for download and playback.
 */
export class ClipShelf extends EventEmitter<{ change: []; recorded: Parameters<OnClipRecorded> }> {
	#recording: ClipRecording | undefined;
	#snapshot: ClipShelfSnapshot = { clips: [], recording: undefined, error: undefined };

	get snapshot(): ClipShelfSnapshot {
		return this.#snapshot;
	}

	async start(track: MediaStreamTrack, label: ClipLabel): Promise<void> {
		if (this.#recording) return;
		try {
			this.#recording = await ClipRecording.start(track, label);
			this.#update({ recording: { startedAt: this.#recording.startedAt.getTime() }, error: undefined });
			// The recorder stops itself at its limit: finish the clip then too.
			void this.#recording.finished.then(
				(clip) => this.#shelve(clip),
				(error: unknown) => {
					this.#recording = undefined;
					this.#update({ error, recording: undefined });
				},
			);
		} catch (error) {
			this.#recording = undefined;
			this.#update({ error });
		}
	}

	/** Stops the recording under way; the clip appears when its file is made. */
	async stop(): Promise<void> {
		await this.#recording?.stop().catch(() => undefined);
	}

	/** The screen is going: a recording under way is finished (and still announced), the download links released. */
	releaseFiles(): void {
		void this.#recording?.stop().catch(() => undefined);
		for (const clip of this.#snapshot.clips) URL.revokeObjectURL(clip.url);
		this.#update({ clips: [] });
	}

	#shelve(clip: RecordedClip): void {
		this.#recording = undefined;
		this.#update({ clips: [...this.#snapshot.clips, { ...clip, url: URL.createObjectURL(clip.blob) }], recording: undefined });
		this.emit('recorded', clip);
	}

	#update(change: Partial<ClipShelfSnapshot>): void {
		this.#snapshot = { ...this.#snapshot, ...change };
		this.emit('change');
	}
}
