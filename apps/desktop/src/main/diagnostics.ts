import type { CheckResults } from '../shared/diagnostics.js';
import type { TerminalStatus } from '../shared/bridge.js';

/*
 * What IT gets when a clinic exports diagnostics: one JSON file with the app
 * and system versions, the terminal's configuration as the app understood it
 * (there are no secrets in it: tokens live only in the renderer's memory),
 * the last check's results, and the tail of the app's log. The log never
 * holds patient data — main never sees any — and redactLogLine is a second
 * line against a field that should not be there.
 */

/** Keys whose values are patient data or secrets, should one ever reach a log call. */
const SENSITIVE = /\b(reason|summary|reference|patientName|name|password|token|accessToken|refreshToken|authorization)\b(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi;

export function redactLogLine(line: string): string {
	return line.replace(SENSITIVE, (_match, key: string, separator: string) => `${key}${separator}[redacted]`);
}

export interface DiagnosticsInput {
	appVersion: string;
	electron: string;
	chrome: string;
	platform: string;
	arch: string;
	terminal: TerminalStatus;
	check: CheckResults | undefined;
	/** The log files' text, oldest first (the rotated file, then the current one). */
	logs: string[];
	now: Date;
}

/** The diagnostics bundle, with only the last `maxLogBytes` of the log (redacted line by line). */
export function diagnosticsBundle(input: DiagnosticsInput, maxLogBytes = 200_000): string {
	const log = input.logs.join('');
	const tail = log.length > maxLogBytes ? log.slice(log.length - maxLogBytes) : log;
	return `${JSON.stringify(
		{
			kind: 'consultdesk-diagnostics',
			exportedAt: input.now.toISOString(),
			app: { version: input.appVersion, electron: input.electron, chrome: input.chrome, platform: input.platform, arch: input.arch },
			terminal: input.terminal,
			lastCheck: input.check ?? null,
			log: tail.split('\n').map(redactLogLine),
		},
		null,
		2,
	)}\n`;
}
