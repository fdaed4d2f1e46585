import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import type { SignOutReason } from '../session/auth-session.js';

export interface SignInScreenProps {
	onSignIn: (username: string, password: string) => void;
	busy: boolean;
	error: unknown;
	/** Why the previous session ended, told once on this screen. */
	signedOut: SignOutReason | undefined;
}

/** The way in: the account decides the role, the clinic and everything shown afterwards. */
export function SignInScreen({ onSignIn, busy, error, signedOut }: SignInScreenProps) {
	const { t } = useTranslation();
	const [username, setUsername] = useState('');
	const [password, setPassword] = useState('');

	const submit = (event: FormEvent) => {
		event.preventDefault();
		onSignIn(username.trim(), password);
	};

	return (
		<main className="sign-in">
			<header className="brand">
				<LanguageSwitch />
				<h1>{t('app.name')}</h1>
				<p className="muted">{t('app.tagline')}</p>
			</header>
			<form onSubmit={submit} className="card" aria-labelledby="sign-in-title" data-testid="sign-in-form">
				<h2 id="sign-in-title">{t('signIn.title')}</h2>
				{signedOut && error === undefined && (
					<p className={signedOut === 'manual' ? 'notice' : 'notice warning-notice'} role="status" data-testid="signed-out-reason" data-reason={signedOut}>
						{t(`signIn.reasons.${signedOut}`)}
					</p>
				)}
				<label className="field">
					<span>{t('signIn.username')}</span>
					<input
						data-testid="username"
						name="username"
						autoComplete="username"
						autoCapitalize="none"
						spellCheck={false}
						value={username}
						onChange={(e) => setUsername(e.target.value)}
						required
						autoFocus
					/>
				</label>
				<label className="field">
					<span>{t('signIn.password')}</span>
					<input
						data-testid="password"
						name="password"
						type="password"
						autoComplete="current-password"
						value={password}
						onChange={(e) => setPassword(e.target.value)}
						required
					/>
				</label>
				<button type="submit" data-testid="sign-in" disabled={busy}>
					{busy ? t('signIn.busy') : t('signIn.submit')}
				</button>
				<ErrorBanner error={error} />
			</form>
		</main>
	);
}
