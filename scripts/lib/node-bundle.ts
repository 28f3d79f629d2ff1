/**
 * Bundling the console's Node side (electron-vite's main build and the web host's build): the
 * plugins both need, and the web host's build itself. Node loads a bundle several times faster
 * than the sources: no TypeScript stripping, one file instead of hundreds to resolve and read.
 */
import { basename, dirname, posix, relative, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { projectRoot } from './ensure-build.ts';

const electronDir = resolve(projectRoot, 'electron');

/** `new URL('./image-worker.ts', import.meta.url)`: a module loaded by path, i.e. a worker thread's entry. */
const WORKER_URL = /new URL\((['"])(\.{1,2}\/[^'"]+\.ts)\1,\s*import\.meta\.url\)/g;
const WORKER_REF = /"__ACCREDITA_WORKER_([\w$]+)__"/g;

/**
 * The services start worker threads with `new Worker(new URL('./x-worker.ts', import.meta.url))`,
 * which Node runs from source. The bundler leaves such URLs alone, so the bundle would point at a
 * .ts file that out/ does not have: each one becomes an entry of its own (workers/) and the URL is
 * rewritten to the built file, relative to the chunk that starts it.
 */
export const workerEntries = (): Plugin => ({
  name: 'accredita:worker-entries',
  transform(code, id) {
    if (!id.startsWith(electronDir) || !code.includes('import.meta.url')) return null;
    const rewritten = code.replace(WORKER_URL, (_match, _quote, specifier: string) => {
      const file = resolve(dirname(id), specifier);
      const ref = this.emitFile({ type: 'chunk', id: file, fileName: `workers/${basename(file, '.ts')}.js` });
      return `new URL("__ACCREDITA_WORKER_${ref}__", import.meta.url)`;
    });
    return rewritten === code ? null : { code: rewritten, map: null };
  },
  renderChunk(code, chunk) {
    if (!code.includes('__ACCREDITA_WORKER_')) return null;
    const from = posix.dirname(chunk.fileName);
    const rewritten = code.replace(WORKER_REF, (_match, ref: string) => {
      const target = posix.relative(from, this.getFileName(ref));
      return JSON.stringify(target.startsWith('.') ? target : `./${target}`);
    });
    return { code: rewritten, map: null };
  },
});

/** `new URL('../../resources/forms/', import.meta.url)`: a project file or folder found from the module's place. */
const FILE_URL = /new URL\((['"])(\.{1,2}\/[^'"]*)\1,\s*import\.meta\.url\)/g;
const FILE_REF = /"__ACCREDITA_FILE_(\d+)__"/g;

/**
 * A module that finds a project file relative to itself (the resources, package.json) finds it
 * from wherever the bundler puts the module: the URL is rewritten relative to the built chunk, so
 * the bundle reads the same files as the sources (out/ sits inside the project, as they do).
 */
export const projectFileUrls = (): Plugin => {
  const targets: string[] = [];
  return {
    name: 'accredita:project-file-urls',
    transform(code, id) {
      if (!id.startsWith(projectRoot) || id.includes('/node_modules/') || !code.includes('import.meta.url'))
        return null;
      const rewritten = code.replace(FILE_URL, (match, _quote, specifier: string) => {
        if (specifier.endsWith('.ts')) return match;
        targets.push(resolve(dirname(id), specifier) + (specifier.endsWith('/') ? '/' : ''));
        return `new URL("__ACCREDITA_FILE_${targets.length - 1}__", import.meta.url)`;
      });
      return rewritten === code ? null : { code: rewritten, map: null };
    },
    renderChunk(code, chunk, options) {
      if (!code.includes('__ACCREDITA_FILE_') || !options.dir) return null;
      const from = dirname(resolve(options.dir, chunk.fileName));
      const rewritten = code.replace(FILE_REF, (_match, index: string) => {
        const target = targets[Number(index)]!;
        const path = relative(from, target).split('\\').join('/') || '.';
        return JSON.stringify(`${path.startsWith('.') ? path : `./${path}`}${target.endsWith('/') ? '/' : ''}`);
      });
      return { code: rewritten, map: null };
    },
  };
};

const LOCAL_REQUIRE = /\bconst require = createRequire\(import\.meta\.url\);/;
const REQUIRE_NAME = /(?<![\w$.])require(?![\w$])/g;

/**
 * A few services make their own `const require = createRequire(import.meta.url)`. electron-vite's
 * ESM shim adds a `const require` to every chunk that calls `require(`, and the chunk then fails to
 * load ("Identifier 'require' has already been declared"). Renaming the module's own binding
 * keeps its meaning (the chunk's URL, as the shim's) without the clash.
 */
export const ownRequireRenamed = (): Plugin => ({
  name: 'accredita:own-require-renamed',
  transform(code, id) {
    if (!id.startsWith(electronDir) || !LOCAL_REQUIRE.test(code)) return null;
    return { code: code.replace(REQUIRE_NAME, 'moduleRequire'), map: null };
  },
});

/**
 * Dependencies the bundles carry inside instead of loading from node_modules: plain JavaScript
 * spread over many files (zod's ESM build is ~95 modules) or CommonJS that Node would scan at load
 * (ws; axios and what it requires). Native ones, and those that load their own files at run time
 * (pdf.js, tesseract.js), stay out.
 */
export const BUNDLED_DEPENDENCIES = ['zod', 'ws', 'axios'];

/**
 * Bundles Node entry points (the web host and what starts it) into `outDir`, which must be inside
 * the project: other dependencies stay imports of node_modules, resolved from there. Not for
 * electron/main, whose URLs name the files beside its built self (preload, renderer).
 */
export async function buildNodeBundle(entries: Record<string, string>, outDir: string): Promise<void> {
  if (relative(projectRoot, outDir).startsWith('..')) throw new Error(`${outDir} is outside the project`);
  await build({
    configFile: false,
    root: projectRoot,
    logLevel: 'warn',
    plugins: [workerEntries(), projectFileUrls()],
    ssr: { noExternal: BUNDLED_DEPENDENCIES },
    build: {
      ssr: true,
      target: 'node22',
      outDir,
      emptyOutDir: true,
      minify: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, resolve(projectRoot, file)])),
        output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
}
