import type en from './locales/en.js';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/**
 * The shape every language file has: English's keys, any text. A translation
 * typed with it fails the type check when it misses or misspells a key.
 * (Plural keys follow each language's CLDR categories; English has _one and
 * _other, so a language with more forms adds keys beyond these.)
 */
export type Translation = Widen<typeof en>;

declare module 'i18next' {
	interface CustomTypeOptions {
		defaultNS: 'translation';
		resources: { translation: typeof en };
		/** Our own formats (registered in i18n.ts) and the value each takes: elapsed ms. */
		interpolationFormatTypeMap: { elapsed: number };
	}
}
