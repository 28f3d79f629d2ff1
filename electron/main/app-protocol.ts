import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { securityHeaders } from '../services/security/csp.ts';
import { contentTypeOf, resolveRendererFile } from '../services/runtime/static-files.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'accredita';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Must run before `app.ready`: a standard, secure scheme gets a real origin and storage. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer from `app://accredita/` with the security headers, instead of
 * `file://`, whose origin would cover the whole disk.
 */
export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveRendererFile(rendererDir, url.pathname) : undefined;
    try {
      if (!file) throw new Error('outside the renderer');
      const body = await readFile(file);
      return new Response(body, { headers: { 'Content-Type': contentTypeOf(file), ...securityHeaders() } });
    } catch {
      return new Response('Not found', { status: 404, headers: securityHeaders() });
    }
  });
}
