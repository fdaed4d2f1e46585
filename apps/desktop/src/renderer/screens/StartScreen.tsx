import type { Role } from '@consultdesk/protocol';
import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '../components/ErrorBanner.js';

export interface StartChoice {
	role: Role;
	consultationCode: string;
	displayName: string;
}

/** Until accounts exist, the user picks a role and types the consultation code. */
export function StartScreen(props: { onJoin: (choice: StartChoice) => void; busy: boolean; error: unknown }) {
	const [role, setRole] = useState<Role>('clinic');
	const [consultationCode, setCode] = useState('');
	const [displayName, setName] = useState('');

	const submit = (event: FormEvent) => {
		event.preventDefault();
		props.onJoin({ role, consultationCode: consultationCode.trim(), displayName: displayName.trim() || defaultName(role) });
	};

	return (
		<main className="start">
			<h1>Consultdesk</h1>
			<form onSubmit={submit} className="card">
				<fieldset className="roles">
					<legend>This terminal is</legend>
					<label>
						<input type="radio" name="role" value="clinic" checked={role === 'clinic'} onChange={() => setRole('clinic')} />
						Clinic terminal — camera, stethoscope and vitals of the patient
					</label>
					<label>
						<input type="radio" name="role" value="expert" checked={role === 'expert'} onChange={() => setRole('expert')} />
						Expert console — see, hear and guide
					</label>
				</fieldset>
				<label className="field">
					<span>Consultation code</span>
					<input
						data-testid="consultation-code"
						value={consultationCode}
						onChange={(e) => setCode(e.target.value)}
						placeholder="e.g. KH-0042"
						pattern="[A-Za-z0-9\-]{3,32}"
						required
						autoFocus
					/>
				</label>
				<label className="field">
					<span>Your name</span>
					<input data-testid="display-name" value={displayName} onChange={(e) => setName(e.target.value)} maxLength={64} />
				</label>
				<button type="submit" data-testid="join" disabled={props.busy}>
					{props.busy ? 'Joining…' : 'Join consultation'}
				</button>
				<ErrorBanner error={props.error} />
			</form>
		</main>
	);
}

function defaultName(role: Role): string {
	return role === 'clinic' ? 'Clinic doctor' : 'Expert';
}
