import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { resolve } from 'node:path';
import { BUNDLED_DEPENDENCIES, ownRequireRenamed, workerEntries } from './scripts/lib/node-bundle.ts';

const root = import.meta.dirname;

/**
 * electron-vite's preset forces `base: './'` for production renderers; the router uses real
 * paths (/pratica/42), where relative asset URLs would break on reload, so assets load from '/'.
 */
const absoluteBase = (): Plugin => ({ name: 'accredita:absolute-base', config: () => ({ base: '/' }) });

export default defineConfig({
  main: {
    plugins: [workerEntries(), ownRequireRenamed()],
    build: {
      // Dependencies load from node_modules at run time (native ones cannot be bundled).
      // @napi-rs/canvas is imported by the services but arrives as pdfjs-dist's optional
      // dependency, not one of ours, so it is named here.
      externalizeDeps: { include: ['@napi-rs/canvas'], exclude: BUNDLED_DEPENDENCIES },
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
