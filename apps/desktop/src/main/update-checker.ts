/*
 * Updates from the hospital's own server: electron-updater's generic provider
 * at the terminal file's updateUrl (IT copies the installers and latest*.yml
 * there). No updateUrl, no checks. An update downloads in the background and
 * installs when the app quits — the app never restarts itself, so never in
 * the middle of a consultation; the page is told so it can say so. A check
 * due during a consultation waits for its end: a clinic's slow link is for
 * the consultation's video and sound, not for a download.
 *
 * Electron-free: main passes electron-updater's autoUpdater, which this
 * only touches through the members below, so a fake drives it under test.
 */

export interface AutoUpdaterLike {
	autoDownload: boolean;
	autoInstallOnAppQuit: boolean;
	/** electron-updater logs through this; null keeps its own messages (URLs, file paths) out of the app's log. */
	logger: unknown;
	setFeedURL(options: { provider: 'generic'; url: string }): void;
	checkForUpdates(): Promise<unknown>;
	on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateCheckerDeps {
	/** electron-updater's autoUpdater, asked for only when there is an updateUrl (creating it reads the installation). */
	updater: () => AutoUpdaterLike;
	/** terminal.json's updateUrl (https, validated there), or undefined. */
	updateUrl: string | undefined;
	log: { info(message: string): void; warn(message: string): void };
	/** Tells the page (bridge push updateReady). */
	onReady(update: { version: string }): void;
	/** Runs `check` every `ms` (setInterval in the app); returns the stop function. */
	every(ms: number, check: () => void): () => void;
	/** True during a consultation: a check then waits, so an update's download does not take the link's bandwidth. */
	busy(): boolean;
}

export interface UpdateChecks {
	stop(): void;
	/** The consultation ended: runs the check that waited for it, if one did. */
	notBusy(): void;
}

/** Four times a working day is plenty for a clinic, and light on a slow link. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** Why a check failed, in one line for the log: the error's code or first line, nothing of a response body. */
function failure(error: unknown): string {
	const e = error as { code?: unknown; message?: unknown };
	if (typeof e?.code === 'string' && /^[A-Z0-9_]{2,64}$/.test(e.code)) return e.code;
	const first = typeof e?.message === 'string' ? (e.message.split('\n')[0] ?? '') : String(error);
	return first.trim().slice(0, 200);
}

/** Starts checking, or logs why not. */
export function startUpdateChecks(deps: UpdateCheckerDeps): UpdateChecks {
	if (!deps.updateUrl) {
		deps.log.info('updates: no updateUrl in the terminal file (or a development run), so no update checks');
		return { stop: () => undefined, notBusy: () => undefined };
	}
	const updater = deps.updater();
	updater.logger = null;
	updater.autoDownload = true;
	updater.autoInstallOnAppQuit = true;
	updater.setFeedURL({ provider: 'generic', url: deps.updateUrl });
	updater.on('update-downloaded', (info) => {
		deps.log.info(`updates: version ${info.version} downloaded; it installs when the app quits`);
		deps.onReady({ version: info.version });
	});
	updater.on('error', (error) => deps.log.warn(`updates: ${failure(error)}`));
	let waiting = false;
	const check = () => {
		waiting = deps.busy();
		// A failed check also rejects, after emitting 'error' (logged above): logged once, and the next check comes anyway.
		if (!waiting) void updater.checkForUpdates().catch(() => undefined);
	};
	check();
	const stop = deps.every(UPDATE_CHECK_INTERVAL_MS, check);
	return {
		stop,
		notBusy: () => {
			if (waiting) check();
		},
	};
}
