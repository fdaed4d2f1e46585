import { z } from 'zod';
import { deviceAnswerSchema, type DeviceAnswer, type DeviceRequest } from './device-requests.js';
import { checkResultsSchema, type CheckResults } from './diagnostics.js';
import { configProblemSchema, terminalSetupSchema } from './terminal-config.js';

/*
 * The one interface between the renderer and the world outside the page. The
 * Electron preload implements it over IPC; in a plain browser a small adapter
 * implements it from the page's own origin. Keep it short: every call here is
 * something a compromised page could ask for.
 *
 * Like the wire protocol, it is a request map: each call's IPC channel, the
 * schema of its arguments (checked by main before anything runs) and of its
 * answer (checked by the preload before the page sees it).
 */

export const appConfigSchema = z.strictObject({
	/** Base URL of the Consultdesk server (signalling and SFU). */
	serverUrl: z.url({ protocol: /^https?$/ }),
	appVersion: z.string().min(1).max(64),
	/** How this terminal is known (absent in a browser). */
	terminalName: z.string().max(64).optional(),
});
export type AppConfig = z.infer<typeof appConfigSchema>;

/** Whether this terminal knows its server: configured, never set up, or set up wrongly (with what is wrong). */
export const terminalStatusSchema = z.discriminatedUnion('status', [
	z.object({ status: z.literal('configured'), config: appConfigSchema }),
	z.object({ status: z.literal('missing'), appVersion: z.string() }),
	z.object({ status: z.literal('invalid'), appVersion: z.string(), problems: z.array(configProblemSchema).max(50) }),
]);
export type TerminalStatus = z.infer<typeof terminalStatusSchema>;

export const BRIDGE_REQUESTS = {
	getTerminalStatus: { channel: 'consultdesk:get-terminal-status', args: z.tuple([]), answer: terminalStatusSchema },
	/** First-run setup: writes the user's terminal file; the page reloads under the new server's policy. */
	saveTerminalSetup: { channel: 'consultdesk:save-terminal-setup', args: z.tuple([terminalSetupSchema]), answer: terminalStatusSchema },
	/** The doctor's answer to a device choice or pairing (device-requests.ts); false if it answered nothing open. */
	answerDeviceRequest: { channel: 'consultdesk:answer-device-request', args: z.tuple([deviceAnswerSchema]), answer: z.object({ accepted: z.boolean() }) },
	/** Saves a diagnostics file for IT (main asks where); the page gives the last check's results. */
	exportDiagnostics: { channel: 'consultdesk:export-diagnostics', args: z.tuple([checkResultsSchema]), answer: z.object({ saved: z.boolean(), file: z.string().max(4096).optional() }) },
	/** The page joined (true) or left (false) a consultation: update checks, whose downloads would take the link's bandwidth, wait meanwhile. */
	setInConsultation: { channel: 'consultdesk:set-in-consultation', args: z.tuple([z.boolean()]), answer: z.null() },
} as const;

export type BridgeRequestName = keyof typeof BRIDGE_REQUESTS;

/**
 * A consultation id as a link may carry one: the server's ids are UUIDs; this
 * admits letters, digits, '-' and '_' up to the protocol's 128, nothing that
 * could be a path, a query or markup.
 */
export const linkConsultationIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/);

/**
 * What main tells the page without being asked: each push event's IPC channel
 * and payload schema, checked by main before sending and by the preload before
 * the page sees it. The preload keeps the last one of each until the page
 * listens, so one sent while the page is still starting is not lost.
 */
export const BRIDGE_EVENTS = {
	/** A consultdesk://consultation/<id> link was opened (main/consultation-link.ts parsed it); the page decides whether this account may see it. */
	consultationLink: { channel: 'consultdesk:consultation-link', payload: z.strictObject({ consultationId: linkConsultationIdSchema }) },
	/** An update was downloaded; it installs when the app quits, never by restarting on its own. */
	updateReady: { channel: 'consultdesk:update-ready', payload: z.strictObject({ version: z.string().min(1).max(64) }) },
} as const;

export type BridgeEventName = keyof typeof BRIDGE_EVENTS;
export type BridgeEventPayload<N extends BridgeEventName> = z.output<(typeof BRIDGE_EVENTS)[N]['payload']>;
export type BridgeArgs<N extends BridgeRequestName> = z.output<(typeof BRIDGE_REQUESTS)[N]['args']>;
export type BridgeAnswer<N extends BridgeRequestName> = z.output<(typeof BRIDGE_REQUESTS)[N]['answer']>;

/** Why main refused a bridge call; the renderer translates the code. */
export const BRIDGE_ERROR_CODES = ['UNTRUSTED_SENDER', 'INVALID_ARGUMENTS', 'FAILED'] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/** What travels back over IPC: an answer or a coded refusal, never a thrown Error (IPC loses its fields). */
export type BridgeReply<T> = { ok: true; data: T } | { ok: false; error: { code: BridgeErrorCode; message: string } };
export const bridgeReplySchema = z.union([
	z.object({ ok: z.literal(true), data: z.unknown() }),
	z.object({ ok: z.literal(false), error: z.object({ code: z.enum(BRIDGE_ERROR_CODES), message: z.string() }) }),
]);

/** A bridge call main refused or could not answer. */
export class BridgeError extends Error {
	override readonly name = 'BridgeError';

	constructor(
		readonly code: BridgeErrorCode,
		message: string,
	) {
		super(message);
	}
}

export interface ConsultdeskBridge {
	readonly platform: 'electron' | 'browser';
	getTerminalStatus(): Promise<TerminalStatus>;
	saveTerminalSetup(setup: z.input<typeof terminalSetupSchema>): Promise<TerminalStatus>;
	/** Device choices and pairings main asks the doctor about; returns the unsubscribe. */
	onDeviceRequest(listener: (request: DeviceRequest) => void): () => void;
	answerDeviceRequest(answer: DeviceAnswer): Promise<{ accepted: boolean }>;
	exportDiagnostics(check: CheckResults): Promise<{ saved: boolean; file?: string | undefined }>;
	setInConsultation(inConsultation: boolean): Promise<null>;
	/** Consultation links opened while the app runs (or that started it); returns the unsubscribe. */
	onConsultationLink(listener: (link: BridgeEventPayload<'consultationLink'>) => void): () => void;
	/** An update is downloaded and will install when the app quits; returns the unsubscribe. */
	onUpdateReady(listener: (update: BridgeEventPayload<'updateReady'>) => void): () => void;
}

/** The global the preload exposes on window. */
export const BRIDGE_GLOBAL = 'consultdesk';
