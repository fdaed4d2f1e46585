import type { ConsultdeskBridge } from '../../shared/bridge.js';

/** The bridge when the app runs in a plain browser, served by the Consultdesk server itself. */
export function createBrowserBridge(location: Pick<Location, 'origin'>, appVersion: string): ConsultdeskBridge {
	return {
		platform: 'browser',
		getConfig: async () => ({ serverUrl: location.origin, appVersion }),
	};
}
