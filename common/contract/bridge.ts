import type { EventName, MethodName } from './names.ts';

/**
 * What the preload exposes on `window.accredita`: one function per contract method and one
 * subscription function per event. Payloads are checked by the main process on the way in and
 * by the renderer on the way back, so the shapes here are deliberately `unknown`.
 */
export interface PreloadBridge {
  methods: { readonly [M in MethodName]: (input: unknown) => Promise<unknown> };
  events: { readonly [E in EventName]: (listener: (payload: unknown) => void) => () => void };
}

export const BRIDGE_GLOBAL = 'accredita';
