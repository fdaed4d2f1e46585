import type { Account } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import type { ConnectionStatus } from '../session/signaling-connection.js';

/** The top of every home: who is signed in, in which role and clinic, the connection, and Sign out. */
export function AccountBar({ account, connection, onSignOut, onCheck }: { account: Account; connection: ConnectionStatus; onSignOut: () => void; onCheck?: () => void }) {
	const { t } = useTranslation();
	return (
		<header className="account-bar" data-testid="account-bar">
			<span className="brand-name">{t('app.name')}</span>
			<dl className="account">
				<div>
					<dt className="visually-hidden">{t('accountBar.signedInAs')}</dt>
					<dd className="account-name" data-testid="account-name">
						{account.displayName}
					</dd>
				</div>
				<div>
					<dt className="visually-hidden">{t('accountBar.role')}</dt>
					<dd className="role-badge" data-testid="account-role" data-role={account.role}>
						{t(`roles.${account.role}`)}
					</dd>
				</div>
				{account.clinic && (
					<div>
						<dt className="visually-hidden">{t('accountBar.clinic')}</dt>
						<dd data-testid="account-clinic">{account.clinic.name}</dd>
					</div>
				)}
			</dl>
			{connection !== 'connected' && connection !== 'closed' && (
				<span className="connection-status" role="status" data-testid="connection-status" data-status={connection}>
					{t(`connection.${connection}`)}
				</span>
			)}
			<LanguageSwitch />
			{onCheck && (
				<button type="button" className="secondary" data-testid="open-check" onClick={onCheck}>
					{t('accountBar.check')}
				</button>
			)}
			<button type="button" className="secondary" data-testid="sign-out" onClick={onSignOut}>
				{t('accountBar.signOut')}
			</button>
		</header>
	);
}
