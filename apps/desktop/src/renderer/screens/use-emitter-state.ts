import { useCallback, useSyncExternalStore } from 'react';

/** Anything with eventemitter3-style on/off, such as ConsultationClient and ClinicCapture. */
interface Emitter<E> {
	on(event: E, listener: () => void): unknown;
	off(event: E, listener: () => void): unknown;
}

/**
 * Reads state that an emitter holds and re-renders when `event` says it
 * changed. The emitter owns the state, so nothing emitted before a screen
 * mounted is lost; `read` must return the same object while nothing changed.
 */
export function useEmitterState<E, T>(emitter: Emitter<E>, event: E, read: () => T): T {
	const subscribe = useCallback(
		(onChange: () => void) => {
			emitter.on(event, onChange);
			return () => void emitter.off(event, onChange);
		},
		[emitter, event],
	);
	return useSyncExternalStore(subscribe, read);
}
