import js from '@eslint/js';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

/*
 * Which shared code needs a browser. Every shared package (packages/*) is
 * type-checked with the ES library only ("lib": ["ES2023"]), so a DOM type in
 * it fails the type check — unless the package says it needs a browser: its
 * tsconfig adds "DOM" to lib, with a comment saying why. packages/X/tsconfig.json
 * stands for the whole package; packages/X/tsconfig.Y.json for its "./Y" entry
 * point (a package with code for both sides has one project per side, e.g.
 * media-settings: tsconfig.es.json for its main entry, tsconfig.capture.json
 * for "./capture"). What needs a browser, found here from those tsconfigs, may
 * not be imported by the server, by runs-anywhere packages, or by the desktop's
 * main, preload and shared code (none of them has DOM types, and a .d.ts they
 * import is not type-checked — skipLibCheck — so DOM types would slip through
 * unseen). src/main/where-code-runs.test.ts proves the line holds.
 */
const ROOT = dirname(fileURLToPath(import.meta.url));
function browserOnlyProjects() {
	const found = [];
	for (const dir of readdirSync(join(ROOT, 'packages'))) {
		const packageDir = join(ROOT, 'packages', dir);
		let name;
		try {
			name = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).name;
		} catch {
			continue; // not a package
		}
		for (const file of readdirSync(packageDir).filter((f) => /^tsconfig(\.[\w-]+)?\.json$/.test(f))) {
			const { config, error } = ts.readConfigFile(join(packageDir, file), ts.sys.readFile);
			if (error) throw new Error(`${dir}/${file}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
			if (!(config.compilerOptions?.lib ?? []).some((lib) => /^dom/i.test(lib))) continue;
			const entry = /^tsconfig\.([\w-]+)\.json$/.exec(file)?.[1];
			found.push({
				module: entry ? `${name}/${entry}` : name,
				files: (config.include ?? ['src']).map((path) => `packages/${dir}/${/\.tsx?$/.test(path) ? path : `${path}/**`}`),
			});
		}
	}
	return found;
}
const BROWSER_ONLY = browserOnlyProjects();
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const BROWSER_ONLY_IMPORTS = `^(${BROWSER_ONLY.map((p) => escapeRegex(p.module)).join('|')})$`;
const NEEDS_A_BROWSER = 'This module needs a browser (its tsconfig has the DOM library); code here runs without one. See BROWSER_ONLY in eslint.config.mjs.';

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
	main: [
		importLine('(^|/)(renderer|preload)/', 'Main cannot import preload or renderer code; share it through src/shared.'),
		importLine(BROWSER_ONLY_IMPORTS, NEEDS_A_BROWSER),
	],
	preload: [
		importLine('(^|/)(renderer|main)/', 'The preload cannot import main or renderer code; share it through src/shared.'),
		importLine(NODE_BUILTINS, 'The sandboxed preload has no Node: only electron and src/shared.'),
		importLine(BROWSER_ONLY_IMPORTS, NEEDS_A_BROWSER),
	],
	renderer: [
		importLine('(^|/)(main|preload)/', 'The renderer cannot import main or preload code; go through ConsultdeskBridge.'),
		importLine(`${NODE_BUILTINS.slice(0, -1)}|electron$)`, 'The renderer cannot use Node or Electron; go through ConsultdeskBridge.'),
	],
	shared: [
		importLine('(^|/)(main|preload|renderer)/', 'src/shared is used by main, preload and renderer alike: it imports none of them.'),
		importLine(`${NODE_BUILTINS.slice(0, -1)}|electron$|react)`, 'src/shared runs everywhere: no Node, Electron or React.'),
		importLine(BROWSER_ONLY_IMPORTS, NEEDS_A_BROWSER),
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
		// The server and the runs-anywhere shared packages: nothing that needs a browser.
		files: ['signaling-server/**/*.ts', 'packages/*/src/**/*.ts'],
		ignores: BROWSER_ONLY.flatMap((p) => p.files),
		rules: { 'no-restricted-imports': ['error', { patterns: [importLine(BROWSER_ONLY_IMPORTS, NEEDS_A_BROWSER)] }] },
	},
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
