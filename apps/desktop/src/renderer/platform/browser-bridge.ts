import { BridgeError, type ConsultdeskBridge } from '../../shared/bridge.js';

/** The bridge when the app runs in a plain browser, served by the Consultdesk server itself: that server is the one. */
export function createBrowserBridge(location: Pick<Location, 'origin'>, appVersion: string): ConsultdeskBridge {
	return {
		platform: 'browser',
		getTerminalStatus: async () => ({ status: 'configured', config: { serverUrl: location.origin, appVersion } }),
		saveTerminalSetup: async () => {
			throw new BridgeError('FAILED', 'a browser is configured by the server that serves it');
		},
		// A browser asks about devices itself (its own Web Bluetooth and Web Serial choosers).
		onDeviceRequest: () => () => undefined,
		answerDeviceRequest: async () => ({ accepted: false }),
		// The desktop app writes a file for IT; a browser has its own developer tools.
		exportDiagnostics: async () => ({ saved: false }),
		// A browser has no updates to hold back.
		setInConsultation: async () => null,
		// consultdesk:// links and updates belong to the installed app; a browser gets neither.
		onConsultationLink: () => () => undefined,
		onUpdateReady: () => () => undefined,
	};
}
