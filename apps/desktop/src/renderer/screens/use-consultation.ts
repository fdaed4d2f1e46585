import type { ProtocolError } from '@consultdesk/protocol';
import { useEffect, useState } from 'react';
import type { ConsultationClient, ConsultationClientEvents } from '../consultation/consultation-client.js';

type ValueEvent = 'peers' | 'tracks' | 'vitals' | 'problem';
type EventValue<E extends ValueEvent> = ConsultationClientEvents[E][0];

/**
 * React state that follows one of the client's events. The client holds the
 * state; `current` is its value now, so nothing emitted before mount is lost.
 */
export function useClientValue<E extends ValueEvent, I extends EventValue<E> | undefined>(
	client: ConsultationClient,
	event: E,
	current: I,
) {
	const [value, setValue] = useState<EventValue<E> | I>(current);
	useEffect(() => {
		setValue(current);
		const listener = (next: EventValue<E>) => setValue(next);
		(client.on as (e: E, l: typeof listener) => void)(event, listener);
		return () => void (client.off as (e: E, l: typeof listener) => void)(event, listener);
		// `current` is read once per client; later values arrive as events.
	}, [client, event]);
	return [value, setValue] as const;
}

/** The peers and the latest problem of a consultation. */
export function useConsultation(client: ConsultationClient) {
	const [peers] = useClientValue(client, 'peers', client.peers);
	const [problem, setProblem] = useClientValue(client, 'problem', undefined as ProtocolError | undefined);
	return { peers, problem, clearProblem: () => setProblem(undefined) };
}
