import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../electron/main/window-options.ts';
import { contentSecurityPolicy, securityHeaders } from '../../electron/services/security/csp.ts';

const directives = (): Map<string, string[]> =>
  new Map(
    contentSecurityPolicy()
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? '', values]),
  );

describe('BrowserWindow options', () => {
  const { webPreferences } = mainWindowOptions('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer with no Node', () => {
    expect(webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('Content-Security-Policy', () => {
  it('denies by default and allows only our own origin for code and styles', () => {
    const csp = directives();
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it('never allows inline code, eval or remote hosts', () => {
    const policy = contentSecurityPolicy();
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*|https?:/);
  });

  it('is sent with the other hardening headers', () => {
    expect(securityHeaders()).toMatchObject({
      'Content-Security-Policy': contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
});
