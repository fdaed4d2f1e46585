/*
 * Whether an input clips, and what to tell the clinic doctor about its level.
 * A single sample near full scale can be a loud but clean peak; the signal is
 * cut off when several samples in a row sit at ±1.0.
 */

/** A sample at least this close to full scale counts as at the rail. */
export const RAIL = 0.999;
/** This many samples in a row at the rail: clipping. */
export const CLIPPED_RUN = 3;

/** The longest run of consecutive samples at ±1.0 in a block. */
export function longestRailRun(samples: ArrayLike<number>, rail = RAIL): number {
	let longest = 0;
	let run = 0;
	for (let i = 0; i < samples.length; i++) {
		if (Math.abs(samples[i]!) >= rail) {
			run++;
			if (run > longest) longest = run;
		} else run = 0;
	}
	return longest;
}

export function isClipping(samples: ArrayLike<number>, minRun = CLIPPED_RUN): boolean {
	return longestRailRun(samples) >= minRun;
}

/** Below this RMS level heart sounds vanish in the noise of the path: the device's volume should go up. */
export const TOO_QUIET_DBFS = -50;

export type GainHint = 'clipping' | 'too-quiet' | 'ok';

/** What the level meter suggests: lower the device's volume when it clips, raise it when the input is too quiet. */
export function gainHint(levelDbfs: number | undefined, clipping: boolean): GainHint {
	if (clipping) return 'clipping';
	if (levelDbfs !== undefined && levelDbfs < TOO_QUIET_DBFS) return 'too-quiet';
	return 'ok';
}
