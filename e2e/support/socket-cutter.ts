import type { Page } from 'playwright-core';

/*
 * Cuts a page's signalling connection the way a dropped link does: every
 * WebSocket the page opened is closed, and while the cut lasts new ones go to
 * a port nobody listens on, so Socket.IO's reconnection attempts fail until
 * the link is "back". WebRTC (the live vitals channel) is not touched. Must
 * be installed before the app loads: context.addInitScript({ content }). A
 * string, so no bundler helper (tsx's __name) ends up in the page.
 */
export const SOCKET_CUTTER_SCRIPT = `(() => {
	const Native = window.WebSocket;
	const state = { sockets: new Set(), down: false, cuts: 0 };
	class CuttableWebSocket extends Native {
		constructor(url, protocols) {
			super(state.down ? 'ws://127.0.0.1:9/link-down' : url, protocols);
			state.sockets.add(this);
			this.addEventListener('close', () => state.sockets.delete(this));
		}
	}
	window.__link = {
		cut() {
			state.down = true;
			state.cuts += 1;
			for (const socket of state.sockets) socket.close();
		},
		restore() {
			state.down = false;
		},
		get cuts() {
			return state.cuts;
		},
	};
	window.WebSocket = CuttableWebSocket;
})();`;

export const cutLink = (page: Page) => page.evaluate(() => (window as any).__link.cut());
export const restoreLink = (page: Page) => page.evaluate(() => (window as any).__link.restore());
