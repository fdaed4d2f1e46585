import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './ErrorBanner.js';

/**
 * Under a list's heading: that what shows is the copy saved on this terminal
 * (and from when), or why the list could not be loaded, or that it is loading.
 */
export function ListStatus({ savedAt, loading, error, empty }: { savedAt: number | undefined; loading: boolean; error: unknown; empty: boolean }) {
	const { t } = useTranslation();
	if (savedAt !== undefined) {
		return (
			<p className="saved-list" role="status" data-testid="saved-list">
				{t('common.savedList', { savedAt: new Date(savedAt) })}
			</p>
		);
	}
	if (error !== undefined) return <ErrorBanner error={error} />;
	if (loading && empty) return <p className="muted">{t('common.loading')}</p>;
	return null;
}
