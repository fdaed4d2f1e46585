import { describe, expect, it } from 'vitest';
import { linkInArgv, parseConsultationLink } from './consultation-link.js';

const ID = '0b8f3c1e-5d2a-4f7e-9c61-2a7d4e8b9f10';

describe('consultdesk:// links', () => {
	it('opens the consultation a well-formed link names', () => {
		expect(parseConsultationLink(`consultdesk://consultation/${ID}`)).toEqual({ ok: true, consultationId: ID });
		// Windows may add a trailing slash; the scheme's case does not matter.
		expect(parseConsultationLink(`consultdesk://consultation/${ID}/`)).toEqual({ ok: true, consultationId: ID });
		expect(parseConsultationLink(`CONSULTDESK://Consultation/${ID}`)).toEqual({ ok: true, consultationId: ID });
	});

	it('refuses anything else, naming what was wrong but never repeating the link', () => {
		const bad = [
			undefined,
			42,
			'',
			'not a url',
			`https://consultation/${ID}`,
			`consultdesk://patient/${ID}`,
			'consultdesk://consultation/',
			'consultdesk://consultation',
			`consultdesk://consultation/${ID}/extra`,
			`consultdesk://consultation/${ID}?name=Sok%20Chenda`,
			`consultdesk://consultation/${ID}#x`,
			`consultdesk://user:pw@consultation/${ID}`,
			`consultdesk://consultation:80/${ID}`,
			'consultdesk://consultation/..%2F..%2Fetc',
			'consultdesk://consultation/%3Cscript%3E',
			'consultdesk://consultation/-leading-dash',
			`consultdesk://consultation/${'a'.repeat(129)}`,
			`consultdesk://consultation/${'a'.repeat(600)}`,
		];
		for (const link of bad) {
			const result = parseConsultationLink(link);
			expect(result.ok, String(link)).toBe(false);
			if (!result.ok && typeof link === 'string' && link.length > 0) expect(result.reason).not.toContain(link);
		}
		expect(parseConsultationLink(`consultdesk://consultation/${ID}?name=Sok`)).toEqual({ ok: false, reason: 'carries a query or fragment' });
	});

	it('finds the link among a launch’s arguments', () => {
		expect(linkInArgv(['/opt/Consultdesk/consultdesk', '--no-sandbox', `consultdesk://consultation/${ID}`])).toBe(`consultdesk://consultation/${ID}`);
		expect(linkInArgv(['C:\\Program Files\\Consultdesk\\Consultdesk.exe', '--allow-file-access-from-files'])).toBeUndefined();
	});
});
