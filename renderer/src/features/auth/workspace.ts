import type { Pinia } from 'pinia';
import { watch } from 'vue';
import type { Platform } from '../../platform/index.ts';

interface WorkspaceStore {
  $id: string;
  $dispose(): void;
  start(platform: Platform): () => void;
}

export interface WorkspaceOptions {
  pinia: Pinia;
  /** What the stores reach the services through: `sessionPlatform`, so they wait for a session. */
  platform: Platform;
  signedIn: () => boolean;
  /** The stores holding an operator's work, in the order they depend on each other. */
  stores: ((pinia: Pinia) => WorkspaceStore)[];
  /** After a sign-out, once the stores start empty again. */
  onSignOut?: () => void;
}

/**
 * Starts the stores that hold an operator's work and empties them at every sign-out, so the next
 * person to sign in starts from a clean queue and ticket rather than the last one's. Emptied after
 * the page has swapped the workspace for the login (flush 'post'): no component still reads them.
 */
export function startWorkspace(options: WorkspaceOptions): void {
  const { pinia, platform, stores } = options;
  const start = () => stores.map((use) => use(pinia).start(platform));
  let stops = start();
  watch(
    options.signedIn,
    (signedIn, was) => {
      if (signedIn || !was) return;
      stops.forEach((stop) => stop());
      for (const store of stores.map((use) => use(pinia))) {
        store.$dispose();
        delete pinia.state.value[store.$id];
      }
      stops = start();
      options.onSignOut?.();
    },
    { flush: 'post' },
  );
}
