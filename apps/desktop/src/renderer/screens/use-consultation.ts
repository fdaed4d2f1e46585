import type { PeerInfo, ProtocolError } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import type { ConsultationClient } from '../consultation/consultation-client.js';

/** The peers and the latest problem of a consultation, as React state. */
export function useConsultation(client: ConsultationClient) {
	const [peers, setPeers] = useState<PeerInfo[]>(client.peers);
	const [problem, setProblem] = useState<ProtocolError | undefined>();
	useEffect(() => {
		client.on('peers', setPeers);
		client.on('problem', setProblem);
		return () => {
			client.off('peers', setPeers);
			client.off('problem', setProblem);
		};
	}, [client]);
	return { peers, problem, clearProblem: () => setProblem(undefined) };
}
