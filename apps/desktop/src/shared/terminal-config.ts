import { z } from 'zod';

/*
 * A clinic terminal's configuration: which Consultdesk server it talks to and
 * how it is known there. IT staff drop it as a system-wide file when they
 * install (terminal-config.main.ts says where); a user file may override it;
 * without either the app shows a first-run setup screen that writes the user
 * file. Shared: main validates and stores it, the setup screen edits it.
 */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const serverUrlSchema = z
	.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://consult.hospital.example' })
	.refine((url) => {
		const parsed = new URL(url);
		// Camera and microphone work only in a secure context: HTTPS, or this machine.
		return parsed.protocol === 'https:' || LOCAL_HOSTS.has(parsed.hostname);
	}, 'must use https:// (plain http:// only for a server on this machine)')
	.transform((url) => new URL(url).origin);

export const terminalConfigSchema = z.strictObject({
	serverUrl: serverUrlSchema,
	/** How this terminal is named in logs and diagnostics, e.g. "Kampong Cham CHC – room 2". */
	terminalName: z.string().trim().min(1).max(64),
	/** The clinic this terminal belongs to, as the server knows it (optional). */
	clinicId: z.string().trim().min(1).max(128).optional(),
	/** A PEM file with the certificate authority that signed a private server's certificate. */
	caCertificateFile: z.string().min(1).max(1024).optional(),
	/** Where updates are published (electron-updater generic provider). */
	updateUrl: z.url({ protocol: /^https$/ }).optional(),
});
export type TerminalConfig = z.output<typeof terminalConfigSchema>;
export type TerminalConfigInput = z.input<typeof terminalConfigSchema>;

/** What the setup screen may write: no file paths from a page. */
export const terminalSetupSchema = terminalConfigSchema.pick({ serverUrl: true, terminalName: true, clinicId: true });
export type TerminalSetup = z.input<typeof terminalSetupSchema>;

/** One problem with a configuration file, for IT staff: which file, which key, what is wrong. */
export const configProblemSchema = z.object({ file: z.string(), key: z.string().optional(), message: z.string() });
export type ConfigProblem = z.infer<typeof configProblemSchema>;
