import { describeError, errorDetail } from '../i18n/error-messages.js';

export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
	if (error === undefined) return null;
	return (
		<div className="error-banner" role="alert" data-testid="error">
			<strong>{describeError(error)}</strong>
			<small>{errorDetail(error)}</small>
			{onDismiss && (
				<button type="button" onClick={onDismiss}>
					Dismiss
				</button>
			)}
		</div>
	);
}
