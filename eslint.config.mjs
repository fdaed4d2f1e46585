import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Where desktop code runs is its folder: src/main (Electron's main process,
 * Node), src/preload (the sandboxed preload: only electron's contextBridge
 * and ipcRenderer), src/renderer (a browser page, never Node or Electron),
 * src/shared (types, constants and schemas all three use, so none of theirs).
 * An import across the line is a lint error; src/main/where-code-runs.test.ts
 * proves each line holds.
 */
const NODE_BUILTINS = '^(node:|fs$|path$|child_process$|os$|net$|crypto$|url$)';
const importLine = (regex, message) => ({ regex, message });
const WHERE_CODE_RUNS = {
	main: [importLine('(^|/)(renderer|preload)/', 'Main cannot import preload or renderer code; share it through src/shared.')],
	preload: [
		importLine('(^|/)(renderer|main)/', 'The preload cannot import main or renderer code; share it through src/shared.'),
		importLine(NODE_BUILTINS, 'The sandboxed preload has no Node: only electron and src/shared.'),
	],
	renderer: [
		importLine('(^|/)(main|preload)/', 'The renderer cannot import main or preload code; go through ConsultdeskBridge.'),
		importLine(`${NODE_BUILTINS.slice(0, -1)}|electron$)`, 'The renderer cannot use Node or Electron; go through ConsultdeskBridge.'),
	],
	shared: [
		importLine('(^|/)(main|preload|renderer)/', 'src/shared is used by main, preload and renderer alike: it imports none of them.'),
		importLine(`${NODE_BUILTINS.slice(0, -1)}|electron$|react)`, 'src/shared runs everywhere: no Node, Electron or React.'),
	],
};
const boundary = (folder) => ({
	files: [`apps/desktop/src/${folder}/**/*.{ts,tsx}`],
	// Tests run in Node under Vitest and may put two sides together (main answering the preload's calls).
	ignores: ['**/*.test.ts', '**/*.test.tsx'],
	rules: { 'no-restricted-imports': ['error', { patterns: WHERE_CODE_RUNS[folder] }] },
});

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
	},
	boundary('main'),
	boundary('preload'),
	boundary('renderer'),
	boundary('shared'),
	{
		// The latency bench's page is bundled for the browser like the renderer.
		files: ['e2e/bench/page/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: WHERE_CODE_RUNS.renderer.slice(1) }] },
	},
	{
		files: ['e2e/**/*.ts'],
		rules: {
			// page.evaluate callbacks reach into window objects the page defines at run time.
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
);
