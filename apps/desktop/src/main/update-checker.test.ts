import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startUpdateChecks, UPDATE_CHECK_INTERVAL_MS, type AutoUpdaterLike } from './update-checker.js';

/** Behaves as electron-updater's AppUpdater does towards its caller: a failed check emits 'error', then rejects. */
class FakeUpdater extends EventEmitter implements AutoUpdaterLike {
	autoDownload = false;
	autoInstallOnAppQuit = false;
	logger: unknown = 'its own';
	feed: unknown;
	checks = 0;
	failWith: Error | undefined;
	quitAndInstallCalls = 0;
	created = false;

	setFeedURL(options: { provider: 'generic'; url: string }): void {
		this.feed = options;
	}

	async checkForUpdates(): Promise<unknown> {
		this.checks++;
		if (this.failWith) {
			this.emit('error', this.failWith);
			throw this.failWith;
		}
		return null;
	}

	quitAndInstall(): void {
		this.quitAndInstallCalls++;
	}
}

function setUp(updateUrl: string | undefined) {
	const updater = new FakeUpdater();
	const consultation = { live: false };
	const logged: string[] = [];
	const ready: { version: string }[] = [];
	const timers: { ms: number; check: () => void; stopped: boolean }[] = [];
	const checks = startUpdateChecks({
		updater: () => {
			updater.created = true;
			return updater;
		},
		updateUrl,
		log: { info: (m) => logged.push(`info ${m}`), warn: (m) => logged.push(`warn ${m}`) },
		onReady: (update) => ready.push(update),
		every: (ms, check) => {
			const timer = { ms, check, stopped: false };
			timers.push(timer);
			return () => void (timer.stopped = true);
		},
		busy: () => consultation.live,
	});
	return { updater, logged, ready, timers, checks, consultation };
}

describe('update checks', () => {
	it('checks nothing without an updateUrl, and says so once in the log', () => {
		const { updater, logged, timers } = setUp(undefined);
		expect(updater.created).toBe(false);
		expect(updater.checks).toBe(0);
		expect(timers).toEqual([]);
		expect(logged).toEqual(['info updates: no updateUrl in the terminal file (or a development run), so no update checks']);
	});

	it('checks the terminal’s update URL with the generic provider at start and every four hours', () => {
		const { updater, timers, checks } = setUp('https://consult.wuxi-hospital.example/updates/');
		expect(updater.feed).toEqual({ provider: 'generic', url: 'https://consult.wuxi-hospital.example/updates/' });
		expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, logger: null });
		expect(updater.checks).toBe(1);
		expect(timers.map((t) => t.ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
		timers[0]!.check();
		expect(updater.checks).toBe(2);
		checks.stop();
		expect(timers[0]!.stopped).toBe(true);
	});

	it('lets a check due during a consultation wait for its end, so no download takes the link meanwhile', () => {
		const { updater, timers, checks, consultation } = setUp('https://consult.wuxi-hospital.example/updates/');
		expect(updater.checks).toBe(1);
		consultation.live = true;
		timers[0]!.check();
		expect(updater.checks).toBe(1);
		checks.notBusy();
		expect(updater.checks).toBe(1);
		consultation.live = false;
		checks.notBusy();
		expect(updater.checks).toBe(2);
		checks.notBusy();
		expect(updater.checks).toBe(2);
	});

	it('tells the page a downloaded update installs on quit, and never restarts the app itself', () => {
		const { updater, ready, logged } = setUp('https://consult.wuxi-hospital.example/updates/');
		updater.emit('update-downloaded', { version: '0.2.0', releaseNotes: 'whatever the server says' });
		expect(ready).toEqual([{ version: '0.2.0' }]);
		expect(logged).toContain('info updates: version 0.2.0 downloaded; it installs when the app quits');
		expect(updater.quitAndInstallCalls).toBe(0);
	});

	it('logs a failed check once, as one line, and checks again later', async () => {
		const { updater, logged, timers } = setUp('https://consult.wuxi-hospital.example/updates/');
		updater.failWith = Object.assign(new Error('net::ERR_NAME_NOT_RESOLVED'), { code: 'ERR_NAME_NOT_RESOLVED' });
		timers[0]!.check();
		await Promise.resolve();
		updater.failWith = new Error('HttpError: 404 \n"method: GET url: https://consult.wuxi-hospital.example/updates/latest-linux.yml"\nData: <html>…</html>');
		timers[0]!.check();
		await Promise.resolve();
		expect(logged.filter((m) => m.startsWith('warn'))).toEqual(['warn updates: ERR_NAME_NOT_RESOLVED', 'warn updates: HttpError: 404']);
		expect(updater.checks).toBe(3);
	});
});
