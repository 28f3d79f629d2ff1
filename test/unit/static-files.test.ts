import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveRendererFile } from '../../electron/services/runtime/static-files.ts';

const root = path.resolve('/srv/renderer');

describe('renderer file resolution', () => {
  it.each([
    ['/', 'index.html'],
    ['/coda', 'index.html'],
    ['/pratica/42', 'index.html'],
    ['/assets/index-abc.js', 'assets/index-abc.js'],
    ['/assets/a%20b.css', 'assets/a b.css'],
  ])('%s → %s', (request, file) => {
    expect(resolveRendererFile(root, request)).toBe(path.join(root, file));
  });

  it.each([
    '/../package.json',
    '/assets/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd.txt',
    '/assets/%00.js',
    '/assets\\..\\x.js',
    '/.env.json',
    '/assets/.hidden.js',
    '/%E0%A4%A',
  ])('refuses %s', (request) => {
    const resolved = resolveRendererFile(root, request);
    expect(resolved === undefined || resolved.startsWith(`${root}${path.sep}`)).toBe(true);
    if (resolved) expect(path.basename(resolved).startsWith('.')).toBe(false);
  });

  it('names the types the renderer needs', () => {
    expect(contentTypeOf('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});
