import { describe, expect, it } from 'vitest';
import { OutputPreferences } from './output-preferences.js';

function memoryStorage() {
	const items = new Map<string, string>();
	return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

const headphones = { deviceId: 'a1', label: 'USB Headphones' };
const speakers = { deviceId: 'b2', label: 'Built-in speakers' };

describe('OutputPreferences', () => {
	it('remembers the output and finds it again by label when its id changed', () => {
		const storage = memoryStorage();
		new OutputPreferences(storage).choose(headphones);
		const again = new OutputPreferences(storage);
		expect(again.chosen([speakers, headphones])).toBe('a1');
		expect(again.chosen([speakers, { deviceId: 'c3', label: 'USB Headphones' }])).toBe('c3');
		expect(again.chosen([speakers])).toBe('');
	});

	it('remembers the headphone check per device', () => {
		const prefs = new OutputPreferences(memoryStorage());
		expect(prefs.checked(headphones)).toBe(false);
		prefs.confirmHeard(headphones);
		expect(prefs.checked({ ...headphones, deviceId: 'other-id' })).toBe(true);
		expect(prefs.checked(speakers)).toBe(false);
	});

	it('survives broken or missing storage', () => {
		const broken = { getItem: () => '{not json', setItem: () => { throw new Error('full'); } };
		const prefs = new OutputPreferences(broken);
		expect(prefs.chosen([headphones])).toBe('');
		expect(() => prefs.confirmHeard(headphones)).not.toThrow();
		expect(new OutputPreferences(undefined).checked(headphones)).toBe(false);
	});
});
