import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
	{ ignores: ['**/dist/**', '**/out/**', '**/node_modules/**', '**/test-results/**', 'resources/test-media/**'] },
	js.configs.recommended,
	tseslint.configs.recommended,
	{
		rules: {
			// Errors are values with codes: an empty catch hides one.
			'no-empty': ['error', { allowEmptyCatch: false }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['**/*.{js,mjs,ts}'],
		ignores: ['apps/desktop/src/renderer/**'],
		languageOptions: { globals: globals.node },
	},
	{
		files: ['apps/desktop/src/renderer/**/*.{ts,tsx}', 'e2e/bench/page/**/*.ts'],
		extends: [reactHooks.configs.flat['recommended-latest']],
		languageOptions: { globals: globals.browser },
		rules: {
			// The renderer runs sandboxed in a browser: Node and Electron are not there.
			'no-restricted-imports': ['error', { patterns: [{ regex: '^(node:|electron$|fs$|path$|child_process$)', message: 'The renderer cannot use Node or Electron; go through ConsultdeskBridge.' }] }],
		},
	},
	{
		files: ['e2e/**/*.ts'],
		rules: {
			// page.evaluate callbacks reach into window objects the page defines at run time.
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
);
