/**
 * What electron-builder would put in the package, computed with its own matchers over the
 * output of `electron-vite build` (run by `npm test` before this suite): the built app and
 * nothing else, the workers the services start, native addons and OCR data outside app.asar.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuilderConfig, matches, packagingFilters, ROOT, selectFiles } from './electron-builder.ts';

const config = loadBuilderConfig();
const filters = packagingFilters(config);
const require = createRequire(import.meta.url);
let packaged: string[];
let built: string[];

const listFiles = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();

beforeAll(() => {
  expect(existsSync(path.join(ROOT, 'out/main/index.js')), 'out/ is missing: run `npm run build` first').toBe(true);
  packaged = selectFiles(ROOT, filters.app);
  // The web host's bundles (out/web, the benchmark's out/bench-ui) are not the desktop app's.
  built = listFiles('out').filter((file) => !/^out\/(web|bench-ui)\//.test(file));
});

/** Relative module URLs in the built main process: `new URL("../workers/x.js", import.meta.url)`. */
function moduleUrls(): { from: string; target: string }[] {
  return built
    .filter((file) => file.startsWith('out/main/') && file.endsWith('.js'))
    .flatMap((from) =>
      [...readFileSync(path.join(ROOT, from), 'utf8').matchAll(/new URL\("(\.{1,2}\/[^"]+)", import\.meta\.url\)/g)]
        .map((match) => path.posix.normalize(path.posix.join(path.posix.dirname(from), match[1]!)))
        .filter((target) => target.startsWith('out/'))
        .map((target) => ({ from, target })),
    );
}

/** Bare specifiers the built main process imports (`import x from "zod"`), reduced to package names. */
function importedPackages(): string[] {
  const names = new Set<string>();
  for (const file of built.filter((f) => f.startsWith('out/main/') && f.endsWith('.js'))) {
    const code = readFileSync(path.join(ROOT, file), 'utf8');
    for (const [, specifier] of code.matchAll(/^import\s[^;]*?from\s*"([^"]+)";/gm)) {
      // A bundled CommonJS dependency's `require('crypto')` comes out as a bare built-in import.
      if (specifier!.startsWith('.') || specifier!.startsWith('node:') || specifier === 'electron') continue;
      if (builtinModules.includes(specifier!)) continue;
      const parts = specifier!.split('/');
      names.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return [...names].sort();
}

/** Where Node finds `name` from `fromDir` (a package's `exports` may hide its package.json from require.resolve). */
function packageManifest(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return manifest;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/** The production dependency tree electron-builder copies: `dependencies` and their dependencies, resolved as Node does. */
function productionTree(): Set<string> {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string) => {
    const manifest = packageManifest(name, fromDir);
    // Missing: an optional dependency for another platform.
    if (!manifest || found.has(manifest)) return;
    found.add(manifest);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const dependency of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
      visit(dependency, path.dirname(manifest));
  };
  const root = require(path.join(ROOT, 'package.json')) as { dependencies: Record<string, string> };
  Object.keys(root.dependencies).forEach((name) => visit(name, ROOT));
  return new Set([...found].map((manifest) => (require(manifest) as { name: string }).name));
}

describe('the package electron-builder would make from out/', () => {
  it('holds the built app and package.json, and nothing else of the project', () => {
    const expected = ['package.json', ...built.filter((file) => !file.endsWith('.map'))].sort();
    expect(packaged).toEqual(expected);
  });

  it('contains the main process, its workers, the preload and the renderer', () => {
    for (const file of [
      'out/main/index.js',
      'out/main/workers/pdf-form-worker.js',
      'out/main/workers/image-worker.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
    ]) {
      expect(packaged, file).toContain(file);
    }
    expect(packaged.some((file) => /^out\/renderer\/assets\/index-[\w-]+\.js$/.test(file))).toBe(true);
  });

  it('excludes sources, tests, tooling and source maps', () => {
    const forbidden =
      /^(electron|common|renderer|server|test|bench|scripts|tools|docs|resources|node_modules)\/|\.map$|\.ts$/;
    expect(packaged.filter((file) => forbidden.test(file))).toEqual([]);
    for (const file of ['electron/main/index.ts', 'test/release/builder-config.test.ts', 'electron.vite.config.ts'])
      expect(matches(filters.app, file), file).toBe(false);
  });

  it('has every module the main process loads by URL (worker threads), and the preload and renderer it names', () => {
    const urls = moduleUrls();
    const targets = urls.map((url) => url.target);
    expect(targets).toEqual(
      expect.arrayContaining([
        'out/main/workers/pdf-form-worker.js',
        'out/main/workers/image-worker.js',
        'out/preload/index.cjs',
        'out/renderer',
      ]),
    );
    for (const { from, target } of urls) {
      const present = packaged.includes(target) || packaged.some((file) => file.startsWith(`${target}/`));
      expect(present, `${from} loads ${target}, which the package lacks`).toBe(true);
    }
  });

  it('imports only packages of the production dependency tree', () => {
    const tree = productionTree();
    const imported = importedPackages();
    expect(imported).toContain('better-sqlite3-multiple-ciphers');
    expect(imported.filter((name) => !tree.has(name))).toEqual([]);
  });

  it('starts the built worker threads from out/', async () => {
    const worker = new Worker(path.join(ROOT, 'out/main/workers/pdf-form-worker.js'));
    try {
      const first = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(first).toEqual({ type: 'ready' });
    } finally {
      await worker.terminate();
    }
  });
});

describe('what stays outside app.asar', () => {
  const modules = (name: string) => path.dirname(packageManifest(name, ROOT)!);
  const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
  const nodeFiles = (name: string) =>
    readdirSync(modules(name), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.node'))
      .map((entry) => relative(path.join(entry.parentPath, entry.name)));

  it('unpacks the native addons of the card reader, the cache database and the PDF renderer', () => {
    const addons = [
      ...nodeFiles('smartcard'),
      ...nodeFiles('better-sqlite3-multiple-ciphers'),
      ...nodeFiles(`@napi-rs/canvas-${process.platform}-${process.arch}-gnu`),
    ].filter((file) => matches(filters.nodeModules, file));
    expect(addons.length).toBeGreaterThanOrEqual(3);
    for (const file of addons) expect(matches(filters.asarUnpack, file), file).toBe(true);
  });

  it('unpacks tesseract.js, its WebAssembly core and the English traineddata', () => {
    const samples = [
      relative(require.resolve('tesseract.js')),
      relative(path.join(modules('tesseract.js-core'), 'package.json')),
      relative(path.join((require('@tesseract.js-data/eng') as { langPath: string }).langPath, 'eng.traineddata.gz')),
    ];
    for (const file of samples) expect(matches(filters.asarUnpack, file), file).toBe(true);
  });

  it('keeps the app code and the other modules inside the archive', () => {
    for (const file of ['out/main/index.js', 'out/renderer/index.html', 'node_modules/zod/package.json'])
      expect(matches(filters.asarUnpack, file), file).toBe(false);
  });

  it("keeps only this platform's prebuilt SQLite driver, without its C sources", () => {
    for (const name of ['better-sqlite3-multiple-ciphers', 'better-sqlite3']) {
      const kept = nodeFiles(name)
        .filter((file) => file.includes('/prebuilds/'))
        .filter((file) => matches(filters.nodeModules, file));
      expect(kept, name).toEqual([`node_modules/${name}/prebuilds/${process.platform}-${process.arch}.node`]);
      const sources = listFiles(relative(path.join(modules(name), 'deps')));
      expect(sources.length, name).toBeGreaterThan(0);
      expect(sources.filter((file) => matches(filters.nodeModules, file))).toEqual([]);
    }
  });
});
