import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './preload-bridge.js';

exposeBridge(contextBridge, ipcRenderer);
