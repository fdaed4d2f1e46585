import type { ContextBridge, IpcRenderer } from 'electron';
import { DEVICE_REQUEST_CHANNEL, deviceRequestSchema } from '../shared/device-requests.js';
import {
	BRIDGE_EVENTS,
	BRIDGE_GLOBAL,
	BRIDGE_REQUESTS,
	BridgeError,
	bridgeReplySchema,
	type BridgeAnswer,
	type BridgeArgs,
	type BridgeEventName,
	type BridgeEventPayload,
	type BridgeRequestName,
	type ConsultdeskBridge,
} from '../shared/bridge.js';

/** Calls main over IPC and checks the answer against the request map before the page sees it. */
async function call<N extends BridgeRequestName>(ipcRenderer: Pick<IpcRenderer, 'invoke'>, name: N, ...args: BridgeArgs<N>): Promise<BridgeAnswer<N>> {
	const reply = bridgeReplySchema.safeParse(await ipcRenderer.invoke(BRIDGE_REQUESTS[name].channel, ...args));
	if (!reply.success) throw new BridgeError('FAILED', `${name}: malformed reply from the main process`);
	if (!reply.data.ok) throw new BridgeError(reply.data.error.code, reply.data.error.message);
	const answer = BRIDGE_REQUESTS[name].answer.safeParse(reply.data.data);
	if (!answer.success) throw new BridgeError('FAILED', `${name}: malformed answer from the main process`);
	return answer.data as BridgeAnswer<N>;
}

/**
 * One push event (BRIDGE_EVENTS) for the page: listened to from the moment the
 * preload runs, so what main sends while the page is still starting is kept
 * (the last one) and handed to the first listener. Only payloads that match
 * the map reach the page; the IPC event object never does.
 */
function pushEvent<N extends BridgeEventName>(ipcRenderer: Pick<IpcRenderer, 'on'>, name: N) {
	const listeners = new Set<(payload: BridgeEventPayload<N>) => void>();
	let kept: BridgeEventPayload<N> | undefined;
	ipcRenderer.on(BRIDGE_EVENTS[name].channel, (_event: unknown, message: unknown) => {
		const parsed = BRIDGE_EVENTS[name].payload.safeParse(message);
		if (!parsed.success) return;
		const payload = parsed.data as BridgeEventPayload<N>;
		if (listeners.size === 0) kept = payload;
		for (const listener of listeners) listener(payload);
	});
	return (listener: (payload: BridgeEventPayload<N>) => void): (() => void) => {
		listeners.add(listener);
		if (kept !== undefined) {
			const payload = kept;
			kept = undefined;
			listener(payload);
		}
		return () => void listeners.delete(listener);
	};
}

/** Exposes exactly the ConsultdeskBridge calls, nothing of ipcRenderer itself. */
export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): void {
	const onConsultationLink = pushEvent(ipcRenderer, 'consultationLink');
	const onUpdateReady = pushEvent(ipcRenderer, 'updateReady');
	const bridge: ConsultdeskBridge = {
		platform: 'electron',
		getTerminalStatus: () => call(ipcRenderer, 'getTerminalStatus'),
		saveTerminalSetup: (setup) => call(ipcRenderer, 'saveTerminalSetup', setup),
		answerDeviceRequest: (answer) => call(ipcRenderer, 'answerDeviceRequest', answer),
		exportDiagnostics: (check) => call(ipcRenderer, 'exportDiagnostics', check),
		setInConsultation: (inConsultation) => call(ipcRenderer, 'setInConsultation', inConsultation),
		onConsultationLink,
		onUpdateReady,
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
