/**
 * The app's Content-Security-Policy, wherever it is served from (the desktop
 * build's app://consultdesk/, or the server for a browser): its own files
 * only, no inline or eval'd script, no plugins or frames, and network
 * connections only to the Consultdesk server. Media flows over WebRTC, which
 * CSP does not govern.
 *
 * `serverUrl`: the server when it is another origin than the page's (the
 * desktop build); its HTTP origin and its WebSocket are allowed.
 */
export function contentSecurityPolicy(serverUrl?: string): string {
	const connect = ["'self'"];
	if (serverUrl) {
		const server = new URL(serverUrl);
		connect.push(server.origin, `${server.protocol === 'https:' ? 'wss:' : 'ws:'}//${server.host}`);
	}
	return [
		"default-src 'self'",
		"script-src 'self'",
		// React and uPlot set element styles through the CSSOM, which this does not restrict; no <style> is injected.
		"style-src 'self'",
		"img-src 'self' data: blob:",
		"media-src 'self' blob: mediastream:",
		"font-src 'self' data:",
		`connect-src ${connect.join(' ')}`,
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
		"frame-src 'none'",
		"worker-src 'self' blob:",
	].join('; ');
}
