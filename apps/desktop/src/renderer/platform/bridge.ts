import { BRIDGE_GLOBAL, type ConsultdeskBridge } from '../../shared/bridge.js';
import { createBrowserBridge } from './browser-bridge.js';

declare const __APP_VERSION__: string;

/** The preload's bridge inside Electron, or the browser adapter everywhere else. */
export function getBridge(): ConsultdeskBridge {
	const exposed = (window as unknown as Record<string, ConsultdeskBridge | undefined>)[BRIDGE_GLOBAL];
	return exposed ?? createBrowserBridge(window.location, __APP_VERSION__);
}
