import type { ContextBridge, IpcRenderer } from 'electron';
import { DEVICE_REQUEST_CHANNEL, deviceRequestSchema } from '../shared/device-requests.js';
import { BRIDGE_GLOBAL, BRIDGE_REQUESTS, BridgeError, bridgeReplySchema, type BridgeAnswer, type BridgeArgs, type BridgeRequestName, type ConsultdeskBridge } from '../shared/bridge.js';

/** Calls main over IPC and checks the answer against the request map before the page sees it. */
async function call<N extends BridgeRequestName>(ipcRenderer: Pick<IpcRenderer, 'invoke'>, name: N, ...args: BridgeArgs<N>): Promise<BridgeAnswer<N>> {
	const reply = bridgeReplySchema.safeParse(await ipcRenderer.invoke(BRIDGE_REQUESTS[name].channel, ...args));
	if (!reply.success) throw new BridgeError('FAILED', `${name}: malformed reply from the main process`);
	if (!reply.data.ok) throw new BridgeError(reply.data.error.code, reply.data.error.message);
	const answer = BRIDGE_REQUESTS[name].answer.safeParse(reply.data.data);
	if (!answer.success) throw new BridgeError('FAILED', `${name}: malformed answer from the main process`);
	return answer.data as BridgeAnswer<N>;
}

/** Exposes exactly the ConsultdeskBridge calls, nothing of ipcRenderer itself. */
export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): void {
	const bridge: ConsultdeskBridge = {
		platform: 'electron',
		getTerminalStatus: () => call(ipcRenderer, 'getTerminalStatus'),
		saveTerminalSetup: (setup) => call(ipcRenderer, 'saveTerminalSetup', setup),
		answerDeviceRequest: (answer) => call(ipcRenderer, 'answerDeviceRequest', answer),
		exportDiagnostics: (check) => call(ipcRenderer, 'exportDiagnostics', check),
		onDeviceRequest: (listener) => {
			// Only what matches the request map reaches the page; the IPC event object never does.
			const forward = (_event: unknown, message: unknown) => {
				const parsed = deviceRequestSchema.safeParse(message);
				if (parsed.success) listener(parsed.data);
			};
			ipcRenderer.on(DEVICE_REQUEST_CHANNEL, forward);
			return () => void ipcRenderer.removeListener(DEVICE_REQUEST_CHANNEL, forward);
		},
	};
	contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
}
