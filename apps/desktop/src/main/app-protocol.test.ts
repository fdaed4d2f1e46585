import { describe, expect, it } from 'vitest';
import { registerAppProtocol, resolveAppPath } from './app-protocol.js';

const ROOT = '/opt/consultdesk/renderer';

describe('resolveAppPath', () => {
	it('maps app://consultdesk/ paths onto the renderer directory', () => {
		expect(resolveAppPath('app://consultdesk/index.html', ROOT)).toBe(`${ROOT}/index.html`);
		expect(resolveAppPath('app://consultdesk/', ROOT)).toBe(`${ROOT}/index.html`);
		expect(resolveAppPath('app://consultdesk/assets/index-abc.js?v=1#x', ROOT)).toBe(`${ROOT}/assets/index-abc.js`);
	});

	it('never serves anything outside it', () => {
		// The URL parser already folds literal dot segments back under the root.
		expect(resolveAppPath('app://consultdesk/../../etc/passwd', ROOT)).toBe(`${ROOT}/etc/passwd`);
		for (const url of [
			'app://consultdesk/assets/..%2f..%2f..%2fetc%2fpasswd',
			'app://consultdesk/%2e%2e%2f%2e%2e%2fetc/passwd',
			'app://consultdesk/%00index.html',
			'app://consultdesk/%E0%A4%A',
			'app://elsewhere/index.html',
			'file:///etc/passwd',
			'not a url',
		]) {
			expect(resolveAppPath(url, ROOT), url).toBeUndefined();
		}
	});
});

describe('registerAppProtocol', () => {
	it('fetches files inside the root with the Content-Security-Policy, and answers 404 otherwise', async () => {
		let handler: ((request: Request) => Response | Promise<Response>) | undefined;
		const fetched: string[] = [];
		registerAppProtocol(
			{ handle: (_scheme: string, h: typeof handler) => void (handler = h) } as never,
			{ fetch: async (url: string) => (fetched.push(url), new Response('ok')) } as never,
			ROOT,
			() => "default-src 'self'",
		);
		const page = await handler!(new Request('app://consultdesk/index.html'));
		expect(page.status).toBe(200);
		expect(page.headers.get('content-security-policy')).toBe("default-src 'self'");
		expect(await page.text()).toBe('ok');
		expect(fetched).toEqual([`file://${ROOT}/index.html`]);
		expect((await handler!(new Request('app://consultdesk/..%2f..%2fsecret'))).status).toBe(404);
		expect((await handler!(new Request('app://other/index.html'))).status).toBe(404);
		expect(fetched).toHaveLength(1);
	});
});
