import { ERROR_CODES, ProtocolError } from '@consultdesk/protocol';
import { describe, expect, it } from 'vitest';
import { describeError } from './error-messages.js';
import { i18n, LANGUAGES, pickLanguage } from './i18n.js';

describe('i18n', () => {
	it('finds the language files and falls back to English', () => {
		expect(LANGUAGES).toContain('en');
		expect(pickLanguage(['km-KH', 'zh-CN'], ['en', 'zh'])).toBe('zh');
		expect(pickLanguage(['fr'], ['en', 'zh'])).toBe('en');
		expect(pickLanguage(['ZH-cn'], ['en', 'zh-CN'])).toBe('zh-CN');
	});

	it('formats waiting times, dates and lists with Intl inside the strings', () => {
		const t = i18n.getFixedT('en');
		expect(t('consultations.waitingFor', { waited: 4 * 60_000 + 10_000 })).toBe('Waiting for an expert · 4 min');
		expect(t('consultations.acceptedBy', { names: ['Dr Wang Li', 'Dr Chen Hui'] })).toBe('Accepted by Dr Wang Li and Dr Chen Hui');
		expect(t('clinic.patients.age', { years: 37 })).toBe('about 37 years');
		expect(t('vitals.missed', { count: 1 })).toBe('1 reading did not arrive.');
		expect(t('vitals.missed', { count: 3 })).toBe('3 readings did not arrive.');
		expect(t('common.savedList', { savedAt: new Date(2025, 0, 10, 8, 5) })).toContain('Jan 10, 2025');
	});

	it('has a message for every error code, and says so plainly when another expert was quicker', () => {
		const t = i18n.getFixedT('en');
		for (const code of ERROR_CODES) expect(describeError(new ProtocolError(code, 'detail'), t)).not.toMatch(/^errors\./);
		expect(describeError(new ProtocolError('ALREADY_TAKEN', 'accepted by someone else'), t)).toBe('Another expert has already taken this consultation.');
		expect(describeError(new ProtocolError('PROTOCOL_OUTDATED', 'v1'), t)).toContain('Please update the app');
		expect(describeError(new DOMException('denied', 'NotAllowedError'), t)).toContain('access was refused');
		expect(describeError(new Error('boom'), t)).toBe('Something went wrong. Try again.');
	});
});
