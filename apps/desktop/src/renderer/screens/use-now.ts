import { useSyncExternalStore } from 'react';

/** Waiting times are shown in whole minutes; a tick every 15 s keeps them at most 15 s late. */
const TICK_MS = 15_000;

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
	listeners.add(listener);
	if (!timer) {
		now = Date.now();
		timer = setInterval(() => {
			now = Date.now();
			for (const l of listeners) l();
		}, TICK_MS);
	}
	return () => {
		listeners.delete(listener);
		if (listeners.size === 0) {
			clearInterval(timer);
			timer = undefined;
		}
	};
}

/**
 * The current time for showing ages ("waiting 4 min"), shared by every screen
 * and updated every few seconds, not every frame; one timer however many rows show it.
 */
export function useNow(): number {
	return useSyncExternalStore(subscribe, () => now);
}
