import type { App, Session } from 'electron';
import { originOf } from './trusted-sender.ts';

/**
 * Electron's checklist as code: no navigation away from our origin, no new windows, no
 * webviews, and every permission request (camera, notifications, HID, …) denied.
 */
export function applySecurityPolicy(app: App, session: Session, trustedOrigins: readonly string[]): void {
  const trusted = (url: string): boolean => {
    const origin = originOf(url);
    return origin !== undefined && trustedOrigins.includes(origin);
  };
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!trusted(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!trusted(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
