import { useTranslation } from 'react-i18next';
import { chooseLanguage, LANGUAGE_NAMES, LANGUAGES } from '../i18n/i18n.js';

/** The app's language, each named in itself; the choice stays on this terminal. */
export function LanguageSwitch() {
	const { t, i18n } = useTranslation();
	return (
		<label className="language-switch">
			<span className="visually-hidden">{t('common.language')}</span>
			<select data-testid="language" value={i18n.resolvedLanguage} onChange={(e) => void chooseLanguage(e.target.value)} aria-label={t('common.language')}>
				{LANGUAGES.map((language) => (
					<option key={language} value={language} lang={language}>
						{LANGUAGE_NAMES[language] ?? language}
					</option>
				))}
			</select>
		</label>
	);
}
