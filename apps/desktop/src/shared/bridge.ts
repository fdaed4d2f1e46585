/*
 * The one interface between the renderer and the world outside the page. The
 * Electron preload implements it over IPC; in a plain browser a small adapter
 * implements it from the page's own origin. Keep it short: every call here is
 * something a compromised page could ask for.
 */

export interface AppConfig {
	/** Base URL of the Consultdesk server (signalling and SFU). */
	serverUrl: string;
	appVersion: string;
}

export interface ConsultdeskBridge {
	readonly platform: 'electron' | 'browser';
	getConfig(): Promise<AppConfig>;
}

/** IPC channel names, shared by main and preload. */
export const IPC_CHANNELS = {
	getConfig: 'consultdesk:get-config',
} as const;

/** The global the preload exposes on window. */
export const BRIDGE_GLOBAL = 'consultdesk';
