import { useState } from 'react';
import type { ConsultationClient } from '../consultation/consultation-client.js';
import { useEmitterState } from './use-emitter-state.js';

/** The peers and the latest problem of a consultation, which the user can dismiss. */
export function useConsultation(client: ConsultationClient) {
	const peers = useEmitterState(client, 'peers', () => client.peers);
	const problem = useEmitterState(client, 'problem', () => client.lastProblem);
	const [dismissed, setDismissed] = useState<unknown>();
	return { peers, problem: problem === dismissed ? undefined : problem, clearProblem: () => setDismissed(problem) };
}
