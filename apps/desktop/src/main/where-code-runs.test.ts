import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The import-boundary messages ESLint gives `code` as if it were the file at `path`. */
async function crossings(path: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
	return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('where code runs (eslint.config.mjs)', { timeout: 30_000 }, () => {
	it('keeps the renderer away from Node, Electron, main and preload', async () => {
		const file = 'apps/desktop/src/renderer/screens/Example.tsx';
		for (const bad of ["import 'node:fs';", "import { ipcRenderer } from 'electron';", "import { x } from '../../main/app-config.js';", "import { y } from '../../preload/preload-bridge.js';"]) {
			expect(await crossings(file, `${bad}\nexport {};\n`), bad).toHaveLength(1);
		}
		expect(await crossings(file, "import { BRIDGE_GLOBAL } from '../../shared/bridge.js';\nexport { BRIDGE_GLOBAL };\n")).toEqual([]);
	});

	it('keeps the preload to electron and src/shared', async () => {
		const file = 'apps/desktop/src/preload/example.ts';
		expect(await crossings(file, "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n")).toHaveLength(1);
		expect(await crossings(file, "import { resolveAppConfig } from '../main/app-config.js';\nexport { resolveAppConfig };\n")).toHaveLength(1);
		expect(await crossings(file, "import { contextBridge } from 'electron';\nimport { BRIDGE_GLOBAL } from '../shared/bridge.js';\nexport { contextBridge, BRIDGE_GLOBAL };\n")).toEqual([]);
	});

	it('keeps main from renderer and preload, and src/shared from all three and from Node and Electron', async () => {
		expect(await crossings('apps/desktop/src/main/example.ts', "import { App } from '../renderer/App.js';\nexport { App };\n")).toHaveLength(1);
		expect(await crossings('apps/desktop/src/main/example.ts', "import { join } from 'node:path';\nexport { join };\n")).toEqual([]);
		for (const bad of ["import 'electron';", "import 'node:path';", "import '../main/main.js';", "import '../renderer/App.js';", "import 'react';"]) {
			expect(await crossings('apps/desktop/src/shared/example.ts', `${bad}\nexport {};\n`), bad).toHaveLength(1);
		}
	});

	it('keeps what needs a browser (a tsconfig with the DOM library) away from the server, runs-anywhere packages and main', async () => {
		const needsBrowser = ["import { OutboxStore } from '@consultdesk/outbox';", "import { captureConstraints } from '@consultdesk/media-settings/capture';"];
		for (const file of ['signaling-server/src/example.ts', 'packages/fhir/src/example.ts', 'packages/media-settings/src/example.ts', 'apps/desktop/src/main/example.ts', 'apps/desktop/src/shared/example.ts']) {
			for (const bad of needsBrowser) expect(await crossings(file, `${bad}\nexport {};\n`), `${file}: ${bad}`).toHaveLength(1);
			expect(await crossings(file, "import { ROUTER_MEDIA_CODECS } from '@consultdesk/media-settings';\nexport { ROUTER_MEDIA_CODECS };\n"), file).toEqual([]);
		}
		// The browser side, and the browser-only projects themselves, may.
		expect(await crossings('apps/desktop/src/renderer/consultation/example.ts', `${needsBrowser.join('\n')}\nexport {};\n`)).toEqual([]);
		expect(await crossings('packages/media-settings/src/capture.ts', "import { SOURCE_SETTINGS } from './source-settings.js';\nexport { SOURCE_SETTINGS };\n")).toEqual([]);
	});
});
