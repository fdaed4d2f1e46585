import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { BRIDGE_REQUESTS, type BridgeAnswer, type BridgeArgs, type BridgeReply, type BridgeRequestName } from '../shared/bridge.js';
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

export type BridgeHandlers = { [N in BridgeRequestName]: (...args: BridgeArgs<N>) => BridgeAnswer<N> | Promise<BridgeAnswer<N>> };

/**
 * Only the app's own page, in its own top frame, may call the bridge: not an
 * iframe, not a page navigated elsewhere (navigation is blocked too; this is
 * the second line).
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
	const frame = event.senderFrame;
	if (!frame || frame !== event.sender.mainFrame) return false;
	try {
		const url = new URL(frame.url);
		return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
	} catch {
		return false;
	}
}

/**
 * Answers the preload's calls, one IPC handler per bridge request. Each call's
 * sender and arguments are checked before its handler runs; every outcome is
 * a BridgeReply, so a refusal reaches the page as a code, not a lost Error.
 */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: BridgeHandlers): void {
	for (const name of Object.keys(BRIDGE_REQUESTS) as BridgeRequestName[]) {
		const { channel, args: argsSchema, answer } = BRIDGE_REQUESTS[name];
		ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<BridgeReply<unknown>> => {
			if (!isTrustedSender(event)) return { ok: false, error: { code: 'UNTRUSTED_SENDER', message: `${name}: only the app's own page may call this` } };
			const parsed = argsSchema.safeParse(args);
			if (!parsed.success) return { ok: false, error: { code: 'INVALID_ARGUMENTS', message: `${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}` } };
			try {
				const handler = handlers[name] as (...a: unknown[]) => unknown;
				return { ok: true, data: answer.parse(await handler(...(parsed.data as unknown[]))) };
			} catch (error) {
				return { ok: false, error: { code: 'FAILED', message: `${name}: ${(error as Error).message}` } };
			}
		});
	}
}
