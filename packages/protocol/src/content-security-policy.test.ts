import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy.js';

const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
	it('lets the page connect only to the configured server, over HTTP(S) and its WebSocket', () => {
		expect(directives(contentSecurityPolicy('https://consult.hospital.example:8443'))['connect-src']).toEqual([
			"'self'",
			'https://consult.hospital.example:8443',
			'wss://consult.hospital.example:8443',
		]);
		expect(directives(contentSecurityPolicy('http://127.0.0.1:4780'))['connect-src']).toEqual(["'self'", 'http://127.0.0.1:4780', 'ws://127.0.0.1:4780']);
		// Served by the server itself: the page's own origin, its WebSocket included.
		expect(directives(contentSecurityPolicy())['connect-src']).toEqual(["'self'"]);
	});

	it('allows no inline or eval\'d script, no plugins, no frames, no foreign base or form targets', () => {
		const csp = directives(contentSecurityPolicy('https://a.example'));
		expect(csp['script-src']).toEqual(["'self'"]);
		expect(csp['default-src']).toEqual(["'self'"]);
		for (const none of ['object-src', 'base-uri', 'form-action', 'frame-ancestors', 'frame-src']) expect(csp[none]).toEqual(["'none'"]);
		expect(Object.values(csp).flat()).not.toContain("'unsafe-inline'");
		expect(Object.values(csp).flat()).not.toContain("'unsafe-eval'");
	});
});
