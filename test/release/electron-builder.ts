/**
 * electron-builder's own code, loaded from the installed app-builder-lib, so the release tests
 * judge the configuration the way the packager will: its JSON schema, its default deb depends,
 * its glob matchers and macro expansion. These are internal modules of a pinned version; if an
 * upgrade moves them, these tests fail loudly rather than drift.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const require = createRequire(import.meta.url);
const LIB = path.dirname(require.resolve('app-builder-lib/package.json'));

export type BuilderConfig = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  deb: { depends: string[] };
  directories: { output: string; buildResources: string };
};

export const loadBuilderConfig = (): BuilderConfig =>
  parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

export const builderSchema = (): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(LIB, 'scheme.json'), 'utf8')) as Record<string, unknown>;

interface FpmTargetClass {
  prototype: { getDefaultDepends(this: unknown, target: string): string[] };
}

/** What electron-builder puts in `Depends:` when the configuration names none. */
export function defaultDebDepends(): string[] {
  const { default: FpmTarget } = require(path.join(LIB, 'out/targets/FpmTarget.js')) as { default: FpmTargetClass };
  return FpmTarget.prototype.getDefaultDepends.call(undefined, 'deb');
}

type StatLike = Stats & { moduleFullFilePath?: string };
export type FileFilter = (file: string, stat: StatLike) => boolean;

interface FileMatcherLike {
  createFilter(): FileFilter;
}

const fileMatcher = require(path.join(LIB, 'out/fileMatcher.js')) as {
  getMainFileMatchers(...args: unknown[]): FileMatcherLike[];
  getNodeModuleFileMatcher(...args: unknown[]): FileMatcherLike;
  getFileMatchers(...args: unknown[]): FileMatcherLike[] | null;
};
const { expandMacro } = require(path.join(LIB, 'out/util/macroExpander.js')) as {
  expandMacro(pattern: string, arch: string | null, appInfo: object): string;
};

/**
 * The three filters electron-builder applies when it packs the app for `arch` on this machine
 * (`${platform}` is the build machine's, as in electron-builder): the app's own files, files
 * inside production node_modules, and what is left outside app.asar.
 */
export function packagingFilters(config: BuilderConfig, arch = process.arch) {
  const productName = 'Accredita';
  const macro = (pattern: string) =>
    expandMacro(pattern, arch, { productName, sanitizedProductName: productName, version: '0.0.0' });
  const info = {
    projectDir: ROOT,
    buildResourcesDir: path.resolve(ROOT, config.directories.buildResources),
    config,
    isPrepackedAppAsar: false,
    debugLogger: { isEnabled: false },
  };
  const outDir = path.resolve(ROOT, config.directories.output);
  const destination = '/package/resources/app';
  const [main] = fileMatcher.getMainFileMatchers(ROOT, destination, macro, {}, { info }, outDir, false);
  const modules = fileMatcher.getNodeModuleFileMatcher(ROOT, destination, macro, {}, info);
  const unpack = fileMatcher.getFileMatchers(config, 'asarUnpack', destination, {
    macroExpander: macro,
    customBuildOptions: {},
    globalOutDir: outDir,
    defaultSrc: ROOT,
  });
  return { app: main!.createFilter(), nodeModules: modules.createFilter(), asarUnpack: unpack![0]!.createFilter() };
}

/** Walks `dir` as electron-builder's copier does: a directory the filter refuses is not entered. */
export function selectFiles(dir: string, filter: FileFilter): string[] {
  const selected: string[] = [];
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const file = path.join(current, entry.name);
      const stat = statSync(file);
      if (!filter(file, stat)) continue;
      if (stat.isDirectory()) visit(file);
      else selected.push(path.relative(ROOT, file).split(path.sep).join('/'));
    }
  };
  visit(dir);
  return selected.sort();
}

export const matches = (filter: FileFilter, relative: string): boolean => {
  const file = path.join(ROOT, relative);
  return filter(file, statSync(file));
};
