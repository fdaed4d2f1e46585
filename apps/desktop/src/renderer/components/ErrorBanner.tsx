import { ProtocolError } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';
import { describeError, errorDetail } from '../i18n/error-messages.js';

export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
	const { t } = useTranslation();
	if (error === undefined) return null;
	return (
		<div className="error-banner" role="alert" data-testid="error" data-code={error instanceof ProtocolError ? error.code : undefined}>
			<strong>{describeError(error, t)}</strong>
			<small title={t('errors.technical')}>{errorDetail(error)}</small>
			{onDismiss && (
				<button type="button" onClick={onDismiss}>
					{t('common.dismiss')}
				</button>
			)}
		</div>
	);
}
