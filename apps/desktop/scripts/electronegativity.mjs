// Part of `npm run lint`: Doyensec's Electronegativity over the desktop
// sources, assuming Electron 41.7.1 (otherwise it judges by old defaults).
// The CLI exits 0 whatever it finds, so this runs it through its API and
// fails on any finding above LOW that has no justification: a comment
// "electronegativity: <CHECK_ID> <why>" on the flagged line or the three
// lines above it. What it cannot see (webPreferences passed through an
// injected constructor) is asserted by src/main/main-window.test.ts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import run from '@doyensec/electronegativity/dist/runner.js';

const ELECTRON_VERSION = '41.7.1';
const here = dirname(fileURLToPath(import.meta.url));
const input = join(here, '../src');

const { issues } = await run({ input, electronVersionOverride: ELECTRON_VERSION, isRelative: true, parserPlugins: [] });
const justified = (issue) => {
	const lines = readFileSync(join(input, issue.file), 'utf8').split('\n');
	const line = issue.location.line - 1;
	return lines.slice(Math.max(0, line - 3), line + 1).some((text) => text.includes(`electronegativity: ${issue.id}`));
};
let failed = 0;
for (const issue of issues) {
	const above = issue.severity.value > 1;
	const ok = !above || justified(issue);
	if (!ok) failed++;
	console.log(`${ok ? (above ? 'justified' : 'allowed  ') : 'FAILED   '} ${issue.severity.name.padEnd(13)} ${issue.id} ${issue.file}:${issue.location.line}`);
}
console.log(`electronegativity (Electron ${ELECTRON_VERSION}): ${issues.length} findings, ${failed} above LOW without a justification`);
process.exit(failed > 0 ? 1 : 0);
