// Turns electron-builder's output after a failed build into one paragraph a
// person can act on, when the cause is a known one: electron-builder fetches
// the Electron zip and its AppImage/NSIS tools from GitHub on first use, and
// a build machine without that access fails with a Go stack trace.

const DOWNLOAD_FAILED = [
	/lookup \S+ on \S+: no such host/i,
	/dial tcp\b/i,
	/\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT)\b/,
	/Failed to download/i,
	/cannot (download|resolve)/i,
	/x509: certificate/i,
];

/** What was being fetched, from the URL in the output: the Electron zip or electron-builder's tools. */
function whatWasFetched(output) {
	const url = /https?:\/\/[^\s"']+/.exec(output)?.[0] ?? '';
	if (/electron-v[\d.]+-[a-z0-9]+-[a-z0-9]+\.zip|SHASUMS256/.test(url)) return { what: `Electron (${url.split('/').pop()})`, mirror: 'ELECTRON_MIRROR', url };
	if (/electron-builder-binaries|appimage|nsis|wine|fpm/i.test(url)) return { what: `electron-builder's packaging tools (${url.split('/').pop()})`, mirror: 'ELECTRON_BUILDER_BINARIES_MIRROR', url };
	return { what: 'a file electron-builder needs', mirror: 'ELECTRON_MIRROR or ELECTRON_BUILDER_BINARIES_MIRROR', url };
}

/** One paragraph explaining a known failure, or undefined when the output shows some other problem. */
export function explainPackagingFailure(output) {
	if (!DOWNLOAD_FAILED.some((pattern) => pattern.test(output))) return undefined;
	const { what, mirror, url } = whatWasFetched(output);
	return (
		`Cannot package the desktop app on this machine: electron-builder has to download ${what}` +
		`${url ? ` from ${url}` : ''} and this machine cannot reach it. ` +
		`Run \`npm run package\` on a machine with Internet access or in CI (the installers land in apps/desktop/out/packages), ` +
		`or point ${mirror} at a mirror this machine can reach, or put the file in electron-builder's cache ` +
		`(ELECTRON_CACHE, by default ~/.cache/electron and ~/.cache/electron-builder) and try again.`
	);
}
