import { BRIDGE_GLOBAL, type PreloadBridge } from '../../../common/contract/bridge.ts';
import { createElectronPlatform } from './electron-platform.ts';
import type { Platform } from './platform.ts';
import { createWebSocketPlatform } from './websocket-platform.ts';

const SECRET_KEY = 'accredita.hostSecret';

/**
 * The web host hands its secret in the URL fragment (never sent over HTTP). It is kept for
 * this tab only, so a reload reconnects, and removed from the address bar at once.
 */
function takeHostSecret(): string | undefined {
  const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('k');
  if (fromFragment) {
    sessionStorage.setItem(SECRET_KEY, fromFragment);
    history.replaceState(history.state, '', window.location.pathname + window.location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(SECRET_KEY) ?? undefined;
}

/** Electron's preload bridge when present, otherwise the web host's WebSocket. */
export function createPlatform(): Platform {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return createElectronPlatform(bridge);
  return createWebSocketPlatform(window.location.origin, takeHostSecret());
}

export type { ConnectionState, Platform } from './platform.ts';
