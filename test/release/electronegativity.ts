/**
 * Runs the pinned @doyensec/electronegativity (1.10.3) through its programmatic API, which
 * returns the findings, unlike the CLI, which always exits 0.
 *
 * Two habits of the tool are worked around here, both explained where they are:
 * - it fetches translations from the internet at every run (and, for one global check, Electron's
 *   release list): the scan must be repeatable offline, so the HTTP client it uses is replaced by
 *   one that refuses, and that check is not run (docs/security.md says why);
 * - it reads only .js/.ts/.html/.json, and walks plain JavaScript with an estraverse that predates
 *   private class fields, so it silently skips the built preload (.cjs), pdf.js's worker (.mjs) and
 *   every bundle with a `#private` member. The built output is therefore scanned from a copy where
 *   every script is named .ts: the tool then reads it as it reads our TypeScript sources (Babel
 *   with the TypeScript plugin and ESLint's traverser), which accepts all of it.
 */
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const ELECTRON_VERSION = '45.4.1';
/** Needs Electron's release list from the network; the Electron version is kept current by the dependency policy instead. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export interface Finding {
  check: string;
  /** Relative to the repository: `electron/main/index.ts`, `out/main/index.js`; `N/A` for a global finding. */
  file: string;
  line: number;
  severity: string;
  confidence: string;
  description: string;
}

export interface Scan {
  findings: Finding[];
  /** Files the tool could not parse, which it therefore did not check. */
  unparsed: { file: string; message: string }[];
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
}
interface RawResult {
  issues: RawIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}
type Run = (options: Record<string, unknown>) => Promise<RawResult>;

const require = createRequire(import.meta.url);

function loadScanner(): Run {
  const entry = require.resolve('@doyensec/electronegativity');
  const got = createRequire(entry).resolve('got');
  const offline = () => Promise.reject(new Error('offline: the release scan makes no network requests'));
  require.cache[got] = { id: got, filename: got, loaded: true, exports: offline } as unknown as NodeJS.Module;
  const loaded = require(entry) as Run | { default: Run };
  return typeof loaded === 'function' ? loaded : loaded.default;
}

async function scanDir(run: Run, dir: string): Promise<RawResult> {
  return run({
    input: dir,
    isRelative: true,
    electronVersionOverride: ELECTRON_VERSION,
    excludeFromScan: EXCLUDED_CHECKS,
  });
}

const posix = (file: string) => file.split(path.sep).join('/');

/** Scans Electron sources as they are (the tool's TypeScript path reads them). */
export async function scanSources(root: string, dir: string): Promise<Scan> {
  const input = path.join(root, dir);
  const result = await scanDir(loadScanner(), input);
  const name = (file: string) =>
    file === 'N/A' ? file : posix(path.join(dir, path.relative(input, path.resolve(input, file))));
  return {
    findings: result.issues.map((issue) => toFinding(issue, name)),
    unparsed: result.errors.filter((e) => !e.tolerable).map((e) => ({ file: name(e.file), message: e.message })),
  };
}

/** Scans the built app (out/) from a copy the tool reads entirely; findings name the original files. */
export async function scanBuilt(root: string, dir = 'out'): Promise<Scan> {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'accredita-electronegativity-'));
  try {
    cpSync(path.join(root, dir), copy, { recursive: true });
    /** Name in the copy → name in the repository. */
    const original = new Map<string, string>();
    for (const file of readdirSync(copy, { recursive: true, encoding: 'utf8' })) {
      if (!/\.[cm]?js$/.test(file)) continue;
      const script = file.replace(/\.[cm]?js$/, '.ts');
      renameSync(path.join(copy, file), path.join(copy, script));
      original.set(posix(script), posix(path.join(dir, file)));
    }
    const result = await scanDir(loadScanner(), copy);
    const name = (file: string) => {
      if (file === 'N/A') return file;
      const relative = posix(path.relative(copy, path.resolve(copy, file)));
      return original.get(relative) ?? posix(path.join(dir, relative));
    };
    return {
      findings: result.issues.map((issue) => toFinding(issue, name)),
      unparsed: result.errors.filter((e) => !e.tolerable).map((e) => ({ file: name(e.file), message: e.message })),
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function toFinding(issue: RawIssue, name: (file: string) => string): Finding {
  return {
    check: issue.id,
    file: name(issue.file),
    line: issue.location.line,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    description: issue.description,
  };
}
