import type { PeerInfo } from '@consultdesk/protocol';

/**
 * What a consultation screen says about the link, so that a failure is never
 * silent: either this terminal's own connection is down, or media from the
 * others stopped (their seat is reconnecting, or no packets arrive), each
 * with the moment it started so the screen can count ("reconnecting, 0:42").
 */
export type LinkStatus =
	| { state: 'ok'; restoredAt?: number }
	| { state: 'local-lost'; since: number }
	| { state: 'remote-lost'; since: number; peers: PeerInfo[] };

export interface LinkObservations {
	/** When this terminal's signalling or media transport went down; undefined while both are up. */
	localLostSince: number | undefined;
	/** When each reconnecting peer was last seen reconnecting, by peer id. */
	peerLostSince: ReadonlyMap<string, number>;
	/** When inbound media stopped arriving; undefined while it flows (or nothing is expected). */
	inboundStalledSince: number | undefined;
	/** When the link last came back, to show "restored" for a moment. */
	restoredAt: number | undefined;
}

/** Derives what to show from what was observed; this terminal's own loss comes first, as nothing else can be known meanwhile. */
export function linkStatus(observed: LinkObservations, peers: readonly PeerInfo[]): LinkStatus {
	if (observed.localLostSince !== undefined) return { state: 'local-lost', since: observed.localLostSince };
	const lostPeers = peers.filter((p) => p.connection === 'reconnecting');
	const starts = [...lostPeers.map((p) => observed.peerLostSince.get(p.peerId)), observed.inboundStalledSince].filter(
		(t): t is number => t !== undefined,
	);
	if (starts.length > 0) {
		// Stalled media is blamed on the senders: every other seat that sends (not observers).
		const blamed = lostPeers.length > 0 ? lostPeers : peers.filter((p) => p.role !== 'observer');
		return { state: 'remote-lost', since: Math.min(...starts), peers: blamed };
	}
	return observed.restoredAt === undefined ? { state: 'ok' } : { state: 'ok', restoredAt: observed.restoredAt };
}
