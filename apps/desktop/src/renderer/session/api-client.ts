import {
	accountListSchema,
	attachmentAnswerSchema,
	consultationDetailSchema,
	consultationListSchema,
	HTTP_ROUTES,
	httpErrorSchema,
	patientHistorySchema,
	PROTOCOL_HEADER,
	PROTOCOL_VERSION,
	ProtocolError,
	sessionTokensSchema,
	type Account,
	type Attachment,
	type Consultation,
	type ConsultationDetail,
	type ErrorCode,
	type HistoryQuery,
	type PatientHistory,
	type SessionTokens,
} from '@consultdesk/protocol';
import { z } from 'zod';

/** The part of the global fetch the client uses, so tests can hand in a fake. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** How long a request may take before it counts as unreachable; a clinic's link can be slow, not silent. */
export const DEFAULT_HTTP_TIMEOUT_MS = 15_000;

/**
 * The server's HTTP API: sign-in and the records people read. Every answer is
 * checked against the protocol's schemas; every failure is a ProtocolError
 * (the server's code, or UNREACHABLE when no answer came at all). It holds no
 * tokens: the caller passes the access token of each authorized call.
 */
export class ApiClient {
	readonly #serverUrl: string;
	readonly #fetch: FetchFunction;
	readonly #timeoutMs: number;

	constructor(serverUrl: string, options: { fetch?: FetchFunction; timeoutMs?: number } = {}) {
		this.#serverUrl = serverUrl.replace(/\/+$/, '');
		// Unbound, window.fetch throws "Illegal invocation".
		this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
		this.#timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
	}

	signIn(username: string, password: string): Promise<SessionTokens> {
		return this.#call('POST', HTTP_ROUTES.signIn, sessionTokensSchema, { body: { username, password } });
	}

	/** Exchanges a refresh token, which the server then revokes, for new tokens. */
	refresh(refreshToken: string): Promise<SessionTokens> {
		return this.#call('POST', HTTP_ROUTES.refresh, sessionTokensSchema, { body: { refreshToken } });
	}

	async signOut(refreshToken: string): Promise<void> {
		await this.#call('POST', HTTP_ROUTES.signOut, null, { body: { refreshToken } });
	}

	/** The account's history: a clinic's consultations, an expert's own, everything for an admin. Newest first. */
	async consultations(accessToken: string, query: HistoryQuery = {}): Promise<Consultation[]> {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
		const search = params.toString() ? `?${params.toString()}` : '';
		const answer = await this.#call('GET', `${HTTP_ROUTES.consultations}${search}`, consultationListSchema, { accessToken });
		return answer.consultations;
	}

	consultation(accessToken: string, consultationId: string): Promise<ConsultationDetail> {
		return this.#call('GET', HTTP_ROUTES.consultation(consultationId), consultationDetailSchema, { accessToken });
	}

	patientHistory(accessToken: string, patientId: string): Promise<PatientHistory> {
		return this.#call('GET', HTTP_ROUTES.patientHistory(patientId), patientHistorySchema, { accessToken });
	}

	/** An attachment's record: the clinic's outbox checks that its upload was stored with the hash it sent. */
	async attachment(accessToken: string, id: string): Promise<Attachment> {
		return (await this.#call('GET', HTTP_ROUTES.attachment(id), attachmentAnswerSchema, { accessToken })).attachment;
	}

	/** An attachment's bytes, with their content type. */
	async attachmentContent(accessToken: string, id: string): Promise<Blob> {
		const path = HTTP_ROUTES.attachmentContent(id);
		let response: Response;
		try {
			response = await this.#fetch(`${this.#serverUrl}${path}`, {
				method: 'GET',
				headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${accessToken}` },
				credentials: 'omit',
			});
		} catch (error) {
			throw new ProtocolError('UNREACHABLE', `GET ${path}: ${(error as Error).message}`);
		}
		if (!response.ok) throw errorFromAnswer(response.status, await response.text().catch(() => ''), `GET ${path}`);
		return response.blob();
	}

	/** The server's base URL, for clients of other protocols on it (tus uploads). */
	get serverUrl(): string {
		return this.#serverUrl;
	}

	/** Admins only. */
	async accounts(accessToken: string): Promise<Account[]> {
		return (await this.#call('GET', HTTP_ROUTES.accounts, accountListSchema, { accessToken })).accounts;
	}

	async #call<S extends z.ZodType | null>(
		method: 'GET' | 'POST',
		path: string,
		schema: S,
		options: { body?: unknown; accessToken?: string },
	): Promise<S extends z.ZodType ? z.output<S> : void> {
		const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), accept: 'application/json' };
		if (options.body !== undefined) headers['content-type'] = 'application/json';
		if (options.accessToken !== undefined) headers.authorization = `Bearer ${options.accessToken}`;
		let response: Response;
		try {
			response = await this.#fetch(`${this.#serverUrl}${path}`, {
				method,
				headers,
				body: options.body === undefined ? undefined : JSON.stringify(options.body),
				// Tokens travel in headers and bodies, never cookies.
				credentials: 'omit',
				signal: AbortSignal.timeout(this.#timeoutMs),
			});
		} catch (error) {
			// No answer at all: offline, DNS, refused, CORS or timed out. A local failure, not the server's.
			throw new ProtocolError('UNREACHABLE', `${method} ${path}: ${(error as Error).message}`);
		}
		const text = await response.text().catch(() => '');
		if (!response.ok) throw errorFromAnswer(response.status, text, `${method} ${path}`);
		if (schema === null) return undefined as never;
		const parsed = schema.safeParse(parseJson(text));
		if (!parsed.success) {
			throw new ProtocolError('INVALID_PAYLOAD', `malformed answer to ${method} ${path}: ${z.prettifyError(parsed.error)}`);
		}
		return parsed.data as never;
	}
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The server's error body when there is one; otherwise a code from the HTTP status (a proxy's page, say). */
export function errorFromAnswer(status: number, text: string, what: string): ProtocolError {
	const body = httpErrorSchema.safeParse(parseJson(text));
	if (body.success) return new ProtocolError(body.data.error.code, body.data.error.message);
	return new ProtocolError(codeForStatus(status), `${what} answered HTTP ${status} without an error body`);
}

function codeForStatus(status: number): ErrorCode {
	if (status === 401) return 'UNAUTHENTICATED';
	if (status === 403) return 'FORBIDDEN';
	if (status === 404) return 'NOT_FOUND';
	if (status === 426) return 'PROTOCOL_OUTDATED';
	if (status === 429) return 'RATE_LIMITED';
	// A gateway between us and the server that cannot reach it.
	if (status === 502 || status === 503 || status === 504) return 'UNREACHABLE';
	return 'INTERNAL';
}
