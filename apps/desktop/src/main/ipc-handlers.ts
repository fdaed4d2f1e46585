import type { IpcMain } from 'electron';
import { IPC_CHANNELS, type AppConfig } from '../shared/bridge.js';

/** Answers the preload's calls; the list matches ConsultdeskBridge exactly. */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, config: AppConfig): void {
	ipcMain.handle(IPC_CHANNELS.getConfig, () => ({ ...config }));
}
