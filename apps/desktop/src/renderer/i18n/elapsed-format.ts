const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long something has been going on, in the largest unit that still reads
 * naturally and in the language's own words ("4 min", "3 hr", "2 days" in
 * English): a waiting time, not a stopwatch, so whole units only.
 */
export function formatElapsed(ms: number, language: string): string {
	// Under a minute still reads as one: "0 min" looks like nobody is waiting.
	const elapsed = Math.max(60_000, ms);
	const [value, unit] =
		elapsed < 90 * MINUTE ? [Math.floor(elapsed / MINUTE), 'minute'] : elapsed < 48 * HOUR ? [Math.floor(elapsed / HOUR), 'hour'] : [Math.floor(elapsed / DAY), 'day'];
	return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: unit === 'day' ? 'long' : 'short' }).format(value);
}
