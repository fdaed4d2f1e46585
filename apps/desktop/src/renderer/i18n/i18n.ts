/// <reference types="vite/client" />
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { formatElapsed } from './elapsed-format.js';
import type { Translation } from './translation.js';

// Every file in locales/ is one language, named by its language tag (en.ts,
// zh.ts, km.ts): adding a language is adding a file.
const modules = import.meta.glob<{ default: Translation }>('./locales/*.ts', { eager: true });
const RESOURCES = Object.fromEntries(
	Object.entries(modules).map(([path, module]) => [path.replace(/^.*\/|\.ts$/g, ''), { translation: module.default }]),
);

export const FALLBACK_LANGUAGE = 'en';
export const LANGUAGES = Object.keys(RESOURCES);

/** The first of the user's languages that the app has, by exact tag or by base language (zh-CN → zh). */
export function pickLanguage(preferred: readonly string[], available: readonly string[]): string {
	for (const tag of preferred) {
		const exact = available.find((a) => a.toLowerCase() === tag.toLowerCase());
		if (exact) return exact;
		const base = available.find((a) => a.toLowerCase() === tag.split('-')[0]?.toLowerCase());
		if (base) return base;
	}
	return FALLBACK_LANGUAGE;
}

/** Each language named in itself, for the switch: a doctor looks for their own script. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = { en: 'English', zh: '简体中文', km: 'ខ្មែរ' };

/** A language the user chose in the app wins over the system's; it stays on this terminal. */
const CHOSEN_LANGUAGE_KEY = 'consultdesk.language';

function chosenLanguage(): string | undefined {
	try {
		const chosen = globalThis.localStorage?.getItem(CHOSEN_LANGUAGE_KEY) ?? undefined;
		return chosen && LANGUAGES.includes(chosen) ? chosen : undefined;
	} catch {
		return undefined;
	}
}

/** Switches the app's language now and remembers it for the next start. */
export async function chooseLanguage(language: string): Promise<void> {
	if (!LANGUAGES.includes(language)) return;
	try {
		globalThis.localStorage?.setItem(CHOSEN_LANGUAGE_KEY, language);
	} catch {
		// Without storage the choice lasts until the app closes.
	}
	await i18n.changeLanguage(language);
}

/** The renderer's one i18next instance, set up synchronously: its resources are bundled. */
export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
	resources: RESOURCES,
	// The user's choice, else the system's languages (Electron reports the OS locale here), else English.
	lng: chosenLanguage() ?? pickLanguage(typeof navigator === 'undefined' ? [] : navigator.languages, LANGUAGES),
	fallbackLng: FALLBACK_LANGUAGE,
	supportedLngs: LANGUAGES,
	initAsync: false,
	// React escapes what it renders; escaping here too would show &amp; to doctors.
	interpolation: { escapeValue: false },
});
i18n.services.formatter?.add('elapsed', (value: unknown, language: string | undefined) => formatElapsed(Number(value), language ?? FALLBACK_LANGUAGE));

// Screen readers and line breaking (Khmer has no spaces between words) follow the page's language.
i18n.on('languageChanged', (language) => {
	if (typeof document !== 'undefined') document.documentElement.lang = language;
});
