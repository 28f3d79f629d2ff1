// @ts-check
/**
 * The architecture's import edges (DESIGN.md §2, docs/architecture.md) as an ESLint rule, after
 * VS Code's code-layering rule: every file under a layer folder may import only from the layers
 * listed for it, Node built-ins only where Node runs, and `electron` only in main and preload.
 * Relative imports are resolved to real paths, so `../../x` cannot sneak across a boundary.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Most specific folder first: the first match decides a file's layer. */
export const LAYERS = [
  { name: 'electron/services', may: ['common'], node: true, electron: false },
  { name: 'electron/main', may: ['common', 'electron/services'], node: true, electron: true },
  { name: 'electron/host', may: ['common', 'electron/services'], node: true, electron: false },
  { name: 'electron/preload', may: ['common'], node: false, electron: true },
  { name: 'common', may: [], node: false, electron: false },
  { name: 'renderer', may: ['common'], node: false, electron: false },
  { name: 'server', may: ['common'], node: true, electron: false },
];

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isBuiltin = (/** @type {string} */ specifier) =>
  specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0] ?? '');

/** @param {string} root @param {string} file */
function layerOf(root, file) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  if (relative.startsWith('..')) return { relative, layer: undefined };
  return { relative, layer: LAYERS.find((l) => relative === l.name || relative.startsWith(`${l.name}/`)) };
}

/** @type {import('eslint').Rule.RuleModule} */
export const layering = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import edges between the architecture layers' },
    schema: [
      { type: 'object', properties: { root: { type: 'string' } }, required: ['root'], additionalProperties: false },
    ],
    messages: {
      edge: 'Import edge not allowed: {{from}} may not import from {{to}} (docs/architecture.md).',
      node: '{{from}} runs without Node: no Node built-ins ({{specifier}}).',
      electron: 'Only electron/main and electron/preload may import electron ({{from}}).',
    },
  },
  create(context) {
    const root = /** @type {{ root: string }} */ (context.options[0]).root;
    const source = layerOf(root, context.filename);
    const from = source.layer;
    if (!from) return {};

    /** @param {import('estree').Node} node @param {unknown} value */
    const check = (node, value) => {
      if (typeof value !== 'string') return;
      if (value.startsWith('.') || path.isAbsolute(value)) {
        const target = layerOf(root, path.resolve(path.dirname(context.filename), value));
        const to = target.layer?.name ?? target.relative.split('/')[0] ?? target.relative;
        if (to !== from.name && !from.may.includes(to)) {
          context.report({ node, messageId: 'edge', data: { from: from.name, to } });
        }
      } else if (value === 'electron' || value.startsWith('electron/')) {
        if (!from.electron) context.report({ node, messageId: 'electron', data: { from: from.name } });
      } else if (!from.node && isBuiltin(value)) {
        context.report({ node, messageId: 'node', data: { from: from.name, specifier: value } });
      }
    };

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layering } };
