import type { ContextBridge, IpcRenderer } from 'electron';
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
export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipcRenderer: Pick<IpcRenderer, 'invoke'>): void {
	const bridge: ConsultdeskBridge = {
		platform: 'electron',
		getTerminalStatus: () => call(ipcRenderer, 'getTerminalStatus'),
		saveTerminalSetup: (setup) => call(ipcRenderer, 'saveTerminalSetup', setup),
	};
	contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
}
