import type { AuscultationSite } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import { AuscultationSites } from '../auscultation/auscultation-sites.js';
import type { OnClipRecorded } from '../auscultation/clip-recorder.js';
import { ClipShelf } from '../auscultation/clip-shelf.js';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { useEmitterState } from './use-emitter-state.js';

/** Stands in for the sites until they are made, so the hooks run the same each render. */
const NO_SITES = { on: () => undefined, off: () => undefined };

/**
 * A consultation screen's auscultation state: the room's site (marked or
 * asked for) and this screen's recorded clips. Made in an effect, so each
 * mount owns its own and closes it.
 */
export function useAuscultation(
	client: ConsultationClient,
	onClipRecorded: OnClipRecorded | undefined,
): { sites: AuscultationSites | undefined; site: AuscultationSite | null; shelf: ClipShelf } {
	const [sites, setSites] = useState<AuscultationSites>();
	const [shelf] = useState(() => new ClipShelf());
	useEffect(() => {
		let current = true;
		const created = new AuscultationSites(client.socket, client.role);
		// Shown once the room's current state is in, so a late joiner never sees "not marked" first.
		void created.ready.then(() => current && setSites(created));
		return () => {
			current = false;
			created.close();
		};
	}, [client]);
	useEffect(() => {
		if (!onClipRecorded) return;
		shelf.on('recorded', onClipRecorded);
		return () => void shelf.off('recorded', onClipRecorded);
	}, [shelf, onClipRecorded]);
	useEffect(() => () => shelf.releaseFiles(), [shelf]);
	const site = useEmitterState(sites ?? NO_SITES, 'change', () => sites?.state.site ?? null);
	return { sites, site, shelf };
}
