import type { StatsEntry } from './connection-quality.js';

/** No packet at all for this long on a path that carried packets steadily means the path is gone. */
export const PATH_SILENCE_MS = 800;
/** A path counts as carrying packets steadily when the last one came no longer ago than this. */
const STEADY_MS = 400;

/**
 * How long ago the selected candidate pair of one transport last received a
 * packet (media, RTCP feedback or STUN), by the report's own clock; undefined
 * before a pair is selected.
 */
export function pathSilenceMs(report: readonly StatsEntry[]): number | undefined {
	const transport = report.find((s) => s.type === 'transport');
	const pairId = transport?.selectedCandidatePairId;
	const pair = report.find((s) => s.type === 'candidate-pair' && s.id === pairId);
	if (!pair || typeof pair.lastPacketReceivedTimestamp !== 'number' || typeof pair.timestamp !== 'number') return undefined;
	return Math.max(0, pair.timestamp - pair.lastPacketReceivedTimestamp);
}

/**
 * Notices a dead path seconds before ICE does (Chromium took almost 6 s to
 * call a transport 'disconnected' after the clinic's address changed): a
 * transport that received feedback or media steadily and then nothing for
 * PATH_SILENCE_MS. A transport that never received steadily (nothing is sent
 * to it) is not watched, so it raises no false alarm; after an alarm the
 * path must carry packets steadily again before it can raise another.
 */
export class PathWatch {
	#steady = false;

	/** Whether the path carries packets steadily now. */
	get steady(): boolean {
		return this.#steady;
	}

	/** Feeds one measurement; true when the path has just been lost. */
	observe(silenceMs: number | undefined): boolean {
		if (silenceMs === undefined) return false;
		if (silenceMs <= STEADY_MS) {
			this.#steady = true;
			return false;
		}
		if (this.#steady && silenceMs >= PATH_SILENCE_MS) {
			this.#steady = false;
			return true;
		}
		return false;
	}
}
