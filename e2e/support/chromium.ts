import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const TEST_MEDIA_DIR = join(here, '../../resources/test-media');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet on a machine without internet: no background calls home, no sync, no updates. */
const BASE_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--autoplay-policy=no-user-gesture-required',
	'--use-fake-device-for-media-stream',
	'--use-fake-ui-for-media-stream',
];

export interface FakeMedia {
	/** y4m file fed to the fake camera. */
	video?: string;
	/** WAV file fed to every fake microphone. */
	audio?: string;
}

/**
 * A separate Chromium process, as a clinic or expert terminal would be.
 * `executablePath`: a wrapper that starts Chromium elsewhere, e.g. in the
 * clinic's network namespace (Playwright talks to it over a pipe, which
 * crosses namespaces).
 */
export async function launchChromium(media: FakeMedia = {}, extraFlags: string[] = [], executablePath = CHROMIUM_PATH): Promise<Browser> {
	const args = [...BASE_FLAGS, ...extraFlags];
	if (media.video) args.push(`--use-file-for-fake-video-capture=${media.video}`);
	if (media.audio) args.push(`--use-file-for-fake-audio-capture=${media.audio}`);
	return chromium.launch({ executablePath, args, headless: true });
}
