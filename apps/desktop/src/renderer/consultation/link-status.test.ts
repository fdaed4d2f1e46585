import type { PeerInfo } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { linkStatus, type LinkObservations } from './link-status.js';

const clinic: PeerInfo = { peerId: 'p-clinic', role: 'clinic', displayName: 'Dr Sok', connection: 'connected' };
const observer: PeerInfo = { peerId: 'p-admin', role: 'observer', displayName: 'Zhou Min', connection: 'connected' };
const observed = (o: Partial<LinkObservations> = {}): LinkObservations => ({
	localLostSince: undefined,
	peerLostSince: new Map(),
	inboundStalledSince: undefined,
	restoredAt: undefined,
	...o,
});

describe('linkStatus', () => {
	it('is ok while everything is up', () => {
		expect(linkStatus(observed(), [clinic])).toEqual({ state: 'ok' });
	});

	it('puts this terminal’s own loss first: nothing else can be known meanwhile', () => {
		const status = linkStatus(observed({ localLostSince: 1000, inboundStalledSince: 500 }), [{ ...clinic, connection: 'reconnecting' }]);
		expect(status).toEqual({ state: 'local-lost', since: 1000 });
	});

	it('names the reconnecting seat, counting from when it dropped', () => {
		const lost = { ...clinic, connection: 'reconnecting' as const };
		expect(linkStatus(observed({ peerLostSince: new Map([['p-clinic', 2000]]) }), [lost, observer])).toEqual({
			state: 'remote-lost',
			since: 2000,
			peers: [lost],
		});
	});

	it('blames stalled media on the seats that send, not on observers, from the earliest sign', () => {
		const status = linkStatus(observed({ inboundStalledSince: 3000 }), [clinic, observer]);
		expect(status).toEqual({ state: 'remote-lost', since: 3000, peers: [clinic] });
	});

	it('says when the link came back', () => {
		expect(linkStatus(observed({ restoredAt: 9000 }), [clinic])).toEqual({ state: 'ok', restoredAt: 9000 });
	});
});
