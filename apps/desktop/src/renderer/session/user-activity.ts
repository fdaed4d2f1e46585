/** Something that says when the user did something; AuthSession's idle logout listens to it. */
export interface UserActivity {
	/** Calls onActivity on every input until the returned function is called. */
	subscribe(onActivity: () => void): () => void;
}

/** What counts as the user being at the terminal: pointer and keyboard input. */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** Input anywhere in this window. Captured, so a handler that stops propagation still counts. */
export function windowActivity(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): UserActivity {
	return {
		subscribe(onActivity) {
			const listener = () => onActivity();
			for (const event of INPUT_EVENTS) target.addEventListener(event, listener, { capture: true, passive: true });
			return () => {
				for (const event of INPUT_EVENTS) target.removeEventListener(event, listener, { capture: true });
			};
		},
	};
}
