import { describe, expect, it } from 'vitest';
import en from './locales/en.js';
import km from './locales/km.js';
import zh from './locales/zh.js';

/** Every key path of a translation, e.g. "clinic.request.title". */
function keys(tree: object, prefix = ''): string[] {
	return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`)));
}

/** The {{placeholders}} of a string, with their formats: a translation must keep every one. */
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^,}\s]+)/g)].map((m) => m[1]).sort();

/** The <tag>…</tag> markup of a string (rendered by <Trans> into elements): a translation must keep it. */
const markup = (text: string) => [...text.matchAll(/<\/?(\w+)>/g)].map((m) => m[0]);

function lookup(tree: object, path: string): string {
	return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], tree) as string;
}

describe.each([
	['zh', zh],
	['km', km],
])('the %s translation', (_language, translation) => {
	it('has every key English has, and no other', () => {
		expect(keys(translation).sort()).toEqual(keys(en).sort());
	});

	it('keeps every placeholder of each English string, and translates what a person reads', () => {
		for (const path of keys(en)) {
			const english = lookup(en, path);
			const translated = lookup(translation, path);
			expect(placeholders(translated), path).toEqual(placeholders(english));
			expect(markup(translated), path).toEqual(markup(english));
			expect(translated.trim().length, path).toBeGreaterThan(0);
		}
		// Sentences are translated, not copied: allow only names, formats and symbols to stay the same.
		const copied = keys(en).filter((path) => lookup(en, path) === lookup(translation, path) && /[a-z]{4,} [a-z]{3,}/i.test(lookup(en, path).replace(/\{\{[^}]*\}\}/g, '')));
		expect(copied).toEqual([]);
	});
});
