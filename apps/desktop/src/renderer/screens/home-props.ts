import type { Consultation } from '@consultdesk/protocol';
import type { Workspace } from '../session/workspace.js';

/** What App gives every role's home screen. */
export interface HomeProps {
	workspace: Workspace;
	/** Opens the consultation screen; App shows what goes wrong. */
	onJoin: (consultation: Consultation) => void;
	/** The consultation being joined right now, if any. */
	joining: string | undefined;
}
