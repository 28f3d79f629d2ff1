/**
 * The electronegativity gate: every finding on the Electron sources and on the built app must be
 * listed, with its justification, in docs/security.md ("Electronegativity findings"); an entry no
 * finding needs any more fails too, so the list stays true.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.ts';
import { ROOT } from './electron-builder.ts';
import { scanBuilt, scanSources, type Finding } from './electronegativity.ts';

interface Allowed {
  check: string;
  files: string[];
}

/** Rows of the allow-list table: a check id in backticks, then the files (`N/A` for a global finding). */
function allowList(): Allowed[] {
  const doc = readFileSync(path.join(ROOT, 'docs/security.md'), 'utf8');
  const section = /^## Electronegativity findings\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(doc)?.[1];
  if (!section) throw new Error('docs/security.md has no "## Electronegativity findings" section');
  return section
    .split('\n')
    .filter((line) => /^\|\s*`[A-Z_]+`/.test(line))
    .map((line) => {
      const [check, files] = line.split('|').slice(1, 3);
      return {
        check: /`([A-Z_]+)`/.exec(check!)![1]!,
        files: [...files!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
      };
    });
}

const key = (check: string, file: string) => `${check} ${file}`;
const describeFinding = (f: Finding) => `${f.check} at ${f.file}:${f.line} (${f.severity}): ${f.description}`;

const fixture = tempDir('electronegativity');
afterAll(() => fixture.remove());

describe('electronegativity', () => {
  it('finds a deliberately unsafe window, so an empty report means something', async () => {
    mkdirSync(path.join(fixture.dir, 'unsafe'));
    writeFileSync(
      path.join(fixture.dir, 'unsafe/main.ts'),
      "import { BrowserWindow } from 'electron';\n" +
        'new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n',
    );
    const scan = await scanSources(fixture.dir, 'unsafe');
    expect(scan.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
  });

  it('reports on the sources and the built app only what docs/security.md accepts, and reads every file', async () => {
    const allowed = allowList();
    expect(allowed.length).toBeGreaterThan(0);
    const permitted = new Set(allowed.flatMap(({ check, files }) => files.map((file) => key(check, file))));

    // One after the other: the tool keeps its translations in a global.
    const sources = await scanSources(ROOT, 'electron');
    const built = await scanBuilt(ROOT);
    expect(built.findings.length, 'the built app was not scanned').toBeGreaterThan(0);
    expect([...sources.unparsed, ...built.unparsed]).toEqual([]);

    const findings = [...sources.findings, ...built.findings];
    const unexpected = findings.filter((f) => !permitted.has(key(f.check, f.file))).map(describeFinding);
    expect(unexpected, 'add a fix, or a justified row in docs/security.md').toEqual([]);

    const seen = new Set(findings.map((f) => key(f.check, f.file)));
    expect(
      [...permitted].filter((entry) => !seen.has(entry)),
      'stale allow-list rows',
    ).toEqual([]);
  }, 60_000);
});
