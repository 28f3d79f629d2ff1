import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { basename, dirname, posix, resolve } from 'node:path';

const root = import.meta.dirname;
const electronDir = resolve(root, 'electron');

/**
 * electron-vite's preset forces `base: './'` for production renderers; the router uses real
 * paths (/pratica/42), where relative asset URLs would break on reload, so assets load from '/'.
 */
const absoluteBase = (): Plugin => ({ name: 'accredita:absolute-base', config: () => ({ base: '/' }) });

/** `new URL('./image-worker.ts', import.meta.url)`: a module loaded by path, i.e. a worker thread's entry. */
const MODULE_URL = /new URL\((['"])(\.{1,2}\/[^'"]+\.ts)\1,\s*import\.meta\.url\)/g;
const WORKER_REF = /"__ACCREDITA_WORKER_([\w$]+)__"/g;

/**
 * The services start worker threads with `new Worker(new URL('./x-worker.ts', import.meta.url))`,
 * which Node runs from source. The bundler leaves such URLs alone, so the bundle would point at a
 * .ts file that out/ does not have: each one becomes an entry of its own (out/main/workers/) and the
 * URL is rewritten to the built file, relative to the chunk that starts it.
 */
const workerEntries = (): Plugin => ({
  name: 'accredita:worker-entries',
  transform(code, id) {
    if (!id.startsWith(electronDir) || !code.includes('import.meta.url')) return null;
    const rewritten = code.replace(MODULE_URL, (_match, _quote, specifier: string) => {
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

const LOCAL_REQUIRE = /\bconst require = createRequire\(import\.meta\.url\);/;
const REQUIRE_NAME = /(?<![\w$.])require(?![\w$])/g;

/**
 * A few services make their own `const require = createRequire(import.meta.url)`. electron-vite's
 * ESM shim adds a `const require` to every chunk that calls `require(`, and the chunk then fails to
 * load ("Identifier 'require' has already been declared"). Renaming the module's own binding
 * keeps its meaning (the chunk's URL, as the shim's) without the clash.
 */
const ownRequireRenamed = (): Plugin => ({
  name: 'accredita:own-require-renamed',
  transform(code, id) {
    if (!id.startsWith(electronDir) || !LOCAL_REQUIRE.test(code)) return null;
    return { code: code.replace(REQUIRE_NAME, 'moduleRequire'), map: null };
  },
});

export default defineConfig({
  main: {
    plugins: [workerEntries(), ownRequireRenamed()],
    build: {
      // Dependencies load from node_modules at run time (native ones cannot be bundled).
      // @napi-rs/canvas is imported by the services but arrives as pdfjs-dist's optional
      // dependency, not one of ours, so it is named here.
      externalizeDeps: { include: ['@napi-rs/canvas'] },
      rolldownOptions: { input: { index: resolve(root, 'electron/main/index.ts') } },
    },
  },
  preload: {
    // A sandboxed preload cannot require anything but electron: one self-contained CJS file.
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [vue(), absoluteBase()],
    define: {
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      __VUE_I18N_FULL_INSTALL__: 'false',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
    build: {
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
