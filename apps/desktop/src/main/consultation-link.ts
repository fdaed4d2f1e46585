import { linkConsultationIdSchema } from '../shared/bridge.js';

/*
 * consultdesk://consultation/<id> opens that consultation (a link in an
 * e-mail, a chat or the hospital's own system). The operating system hands the
 * link over as a command-line argument (Windows, Linux: a second launch, whose
 * argv reaches the running app) or an 'open-url' event (macOS). Whatever
 * arrives is untrusted text: only this exact form passes, and the page still
 * asks the server whether the signed-in account may see that consultation.
 */

export const LINK_SCHEME = 'consultdesk';

export type ConsultationLink = { ok: true; consultationId: string } | { ok: false; reason: string };

/** Parses a consultdesk:// link. A refusal's reason names what was wrong, never the link's text (it may carry anything). */
export function parseConsultationLink(text: unknown): ConsultationLink {
	if (typeof text !== 'string' || text.length > 512) return { ok: false, reason: 'not a link of reasonable length' };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: 'not a URL' };
	}
	if (url.protocol !== `${LINK_SCHEME}:`) return { ok: false, reason: 'not a consultdesk: link' };
	if (url.username || url.password || url.port) return { ok: false, reason: 'carries credentials or a port' };
	if (url.search || url.hash) return { ok: false, reason: 'carries a query or fragment' };
	if (url.hostname.toLowerCase() !== 'consultation') return { ok: false, reason: 'not a consultation link' };
	// Windows may append a slash to a link it passes on.
	const id = url.pathname.replace(/^\//, '').replace(/\/$/, '');
	const parsed = linkConsultationIdSchema.safeParse(id);
	if (!parsed.success) return { ok: false, reason: 'the consultation id is malformed' };
	return { ok: true, consultationId: parsed.data };
}

/** The link among a launch's arguments (Windows and Linux pass it as one), if any. */
export function linkInArgv(argv: readonly string[]): string | undefined {
	return argv.find((arg) => arg.toLowerCase().startsWith(`${LINK_SCHEME}:`));
}
