import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import type { TerminalStatus } from '../../shared/bridge.js';
import type { TerminalSetup } from '../../shared/terminal-config.js';

export interface SetupScreenProps {
	status: Exclude<TerminalStatus, { status: 'configured' }>;
	onSave: (setup: TerminalSetup) => void;
	busy: boolean;
	error: unknown;
}

/**
 * First run, or a configuration IT must fix: which server this terminal uses
 * and how it is known. What is wrong with the files is shown as it is, with
 * file and key, so a doctor can read it out to IT staff on the phone.
 */
export function SetupScreen({ status, onSave, busy, error }: SetupScreenProps) {
	const { t } = useTranslation();
	const [serverUrl, setServerUrl] = useState('https://');
	const [terminalName, setTerminalName] = useState('');
	const [clinicId, setClinicId] = useState('');

	const submit = (event: FormEvent) => {
		event.preventDefault();
		onSave({ serverUrl: serverUrl.trim(), terminalName: terminalName.trim(), ...(clinicId.trim() ? { clinicId: clinicId.trim() } : {}) });
	};

	return (
		<main className="sign-in">
			<header className="brand">
				<LanguageSwitch />
				<h1>{t('app.name')}</h1>
				<p className="muted">{t('setup.version', { version: status.appVersion })}</p>
			</header>
			<form onSubmit={submit} className="card" aria-labelledby="setup-title" data-testid="setup-form">
				<h2 id="setup-title">{t('setup.title')}</h2>
				{status.status === 'missing' ? (
					<p className="notice">{t('setup.intro')}</p>
				) : (
					<div className="notice warning-notice" role="alert" data-testid="setup-problems">
						<p>{t('setup.invalid')}</p>
						<ul>
							{status.problems.map((p, i) => (
								<li key={i}>{p.key ? t('setup.problem', { file: p.file, key: p.key, message: p.message }) : t('setup.problemNoKey', { file: p.file, message: p.message })}</li>
							))}
						</ul>
					</div>
				)}
				<label className="field">
					<span>{t('setup.serverUrl')}</span>
					<input data-testid="setup-server-url" type="url" inputMode="url" spellCheck={false} value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} required autoFocus />
					<small className="hint">{t('setup.serverUrlHint')}</small>
				</label>
				<label className="field">
					<span>{t('setup.terminalName')}</span>
					<input data-testid="setup-terminal-name" value={terminalName} maxLength={64} onChange={(e) => setTerminalName(e.target.value)} required />
					<small className="hint">{t('setup.terminalNameHint')}</small>
				</label>
				<label className="field">
					<span>{t('setup.clinicId')}</span>
					<input data-testid="setup-clinic-id" value={clinicId} maxLength={128} spellCheck={false} onChange={(e) => setClinicId(e.target.value)} />
				</label>
				<button type="submit" data-testid="setup-save" disabled={busy}>
					{busy ? t('setup.saving') : t('setup.save')}
				</button>
				<ErrorBanner error={error} />
			</form>
		</main>
	);
}
