import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * Maps a request path to a file of the built renderer, for both hosts. Paths without an
 * extension are client-side routes and get the app's index page; anything that would leave
 * the root, or names a dotfile, gets nothing.
 */
export function resolveRendererFile(root: string, requestPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const base = path.resolve(root);
  const wanted = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (wanted !== base && !wanted.startsWith(`${base}${path.sep}`)) return undefined;
  if (
    path
      .relative(base, wanted)
      .split(path.sep)
      .some((part) => part.startsWith('.'))
  )
    return undefined;
  return path.extname(wanted) === '' ? path.join(base, 'index.html') : wanted;
}
