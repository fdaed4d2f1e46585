import type { WebContents } from 'electron';
import { BRIDGE_EVENTS, type BridgeEventName, type BridgeEventPayload } from '../shared/bridge.js';

/**
 * Sends the page its push events (BRIDGE_EVENTS): each payload is checked
 * against the map first, and what comes before the page has loaded — a link
 * that started the app — waits for it instead of being lost.
 */
export class BridgeEventSender {
	#contents: Pick<WebContents, 'send' | 'isLoading' | 'isDestroyed'> | undefined;
	#waiting: [channel: string, payload: unknown][] = [];

	/** The app window's web contents; call flush() on its 'did-finish-load'. */
	attach(contents: Pick<WebContents, 'send' | 'isLoading' | 'isDestroyed'>): void {
		this.#contents = contents;
	}

	send<N extends BridgeEventName>(name: N, payload: BridgeEventPayload<N>): void {
		const { channel, payload: schema } = BRIDGE_EVENTS[name];
		const checked = schema.parse(payload);
		const contents = this.#contents;
		if (!contents || contents.isDestroyed() || contents.isLoading()) this.#waiting.push([channel, checked]);
		else contents.send(channel, checked);
	}

	/** Delivers what waited for the page to load. */
	flush(): void {
		const contents = this.#contents;
		if (!contents || contents.isDestroyed()) return;
		for (const [channel, payload] of this.#waiting.splice(0)) contents.send(channel, payload);
	}
}
