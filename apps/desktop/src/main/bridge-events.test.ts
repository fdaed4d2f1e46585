import { describe, expect, it } from 'vitest';
import { BRIDGE_EVENTS } from '../shared/bridge.js';
import { BridgeEventSender } from './bridge-events.js';

function fakeContents() {
	const sent: [string, unknown][] = [];
	const state = { loading: true, destroyed: false };
	return { sent, state, contents: { send: (channel: string, payload: unknown) => void sent.push([channel, payload]), isLoading: () => state.loading, isDestroyed: () => state.destroyed } };
}

describe('push events to the page', () => {
	it('hold what comes before the page has loaded, then send it in order', () => {
		const events = new BridgeEventSender();
		events.send('consultationLink', { consultationId: 'c-1' });
		const page = fakeContents();
		events.attach(page.contents);
		events.send('updateReady', { version: '0.2.0' });
		expect(page.sent).toEqual([]);
		page.state.loading = false;
		events.flush();
		events.send('consultationLink', { consultationId: 'c-2' });
		expect(page.sent).toEqual([
			[BRIDGE_EVENTS.consultationLink.channel, { consultationId: 'c-1' }],
			[BRIDGE_EVENTS.updateReady.channel, { version: '0.2.0' }],
			[BRIDGE_EVENTS.consultationLink.channel, { consultationId: 'c-2' }],
		]);
	});

	it('send nothing the event map does not allow', () => {
		const events = new BridgeEventSender();
		expect(() => events.send('consultationLink', { consultationId: 'a/b' })).toThrow();
		expect(() => events.send('updateReady', { version: '' })).toThrow();
	});
});
