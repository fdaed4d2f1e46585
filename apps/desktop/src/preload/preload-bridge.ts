import type { ContextBridge, IpcRenderer } from 'electron';
import { BRIDGE_GLOBAL, IPC_CHANNELS, type ConsultdeskBridge } from '../shared/bridge.js';

/** Exposes exactly the ConsultdeskBridge calls, nothing of ipcRenderer itself. */
export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipcRenderer: Pick<IpcRenderer, 'invoke'>): void {
	const bridge: ConsultdeskBridge = {
		platform: 'electron',
		getConfig: () => ipcRenderer.invoke(IPC_CHANNELS.getConfig),
	};
	contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
}
