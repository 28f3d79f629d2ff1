// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import importX from 'eslint-plugin-import-x';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The architecture's import edges (docs/architecture.md). Each layer lists the folders it may
 * not reach; `import-x/no-restricted-paths` resolves the import, so `../../x` tricks fail too.
 */
const layers = {
  common: ['./electron', './renderer', './server', './test', './bench', './scripts'],
  'electron/services': ['./electron/main', './electron/host', './electron/preload', './renderer', './server', './test'],
  'electron/main': ['./electron/host', './electron/preload', './renderer', './server', './test'],
  'electron/host': ['./electron/main', './electron/preload', './renderer', './server', './test'],
  'electron/preload': ['./electron/main', './electron/host', './electron/services', './renderer', './server', './test'],
  renderer: ['./electron', './server', './test'],
  server: ['./electron', './renderer', './test'],
};

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const noNode = nodeBuiltins.map((name) => ({ name, message: 'This layer runs without Node: no Node built-ins.' }));

/** @param {string} layer @param {object[]} forbidden */
const restrictImports = (layer, forbidden) => ({
  files: [`${layer}/**/*.{ts,vue}`],
  rules: {
    'no-restricted-imports': forbidden.length ? ['error', { paths: forbidden }] : 'off',
  },
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.tooling/**',
      '.cache/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.vue', '.js'] } },
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: Object.entries(layers).flatMap(([target, froms]) =>
            froms.map((from) => ({
              target: `./${target}`,
              from,
              message: `Import edge not allowed: ${target} may not import from ${from.slice(2)} (see docs/architecture.md).`,
            })),
          ),
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  restrictImports('common', [noElectron, ...noNode]),
  restrictImports('renderer', [noElectron, ...noNode]),
  restrictImports('electron/services', [noElectron]),
  restrictImports('electron/host', [noElectron]),
  restrictImports('server', [noElectron]),
  restrictImports('electron/preload', noNode),
);
