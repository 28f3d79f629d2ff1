import { ref, watch } from 'vue';
import type { Router } from 'vue-router';
import type { AppCommand } from '../../../../common/contract/app-methods.ts';
import { COMMAND_KEYS, fireShortcut } from '../../composables/shortcuts.ts';
import type { Platform } from '../../platform/index.ts';

/** The About dialog is open: the header's button and the menu's Help → About both set it. */
export const aboutOpen = ref(false);

export interface AppCommandDeps {
  platform: Platform;
  router: Router;
  signedIn: () => boolean;
  syncNow: () => Promise<void>;
}

/**
 * What the desktop menu's commands do in the page. A command that stands for a view's key runs
 * that key's shortcut, going to the queue first when the current view does not offer it.
 */
export function runAppCommand(command: AppCommand, deps: AppCommandDeps): void {
  if (command === 'about') {
    aboutOpen.value = true;
    return;
  }
  if (!deps.signedIn()) return;
  switch (command) {
    case 'queue':
    case 'history':
    case 'settings':
      void deps.router.push({ name: command });
      return;
    case 'sync':
      void deps.syncNow();
      return;
    case 'lock':
      void deps.platform.call('auth.lock', {});
      return;
    default: {
      const key = COMMAND_KEYS[command];
      if (fireShortcut(key)) return;
      void deps.router.push({ name: 'queue' }).then(() => fireShortcut(key));
    }
  }
}

/** Listens for the menu's commands; returns the function that stops. */
export function installAppCommands(deps: AppCommandDeps): () => void {
  return deps.platform.subscribe('app.command', ({ command }) => runAppCommand(command, deps));
}

/**
 * Crash recovery: the ticket on screen is recorded by the services as it opens, and once an
 * operator is signed in the page reopens the one they had when the console last stopped (a
 * sign-out clears it, so only a crash or a kill leaves one).
 */
export function rememberOpenTicket(deps: Pick<AppCommandDeps, 'platform' | 'router' | 'signedIn'>): () => void {
  const { platform, router } = deps;
  let recalled = false;
  const stopRecording = router.afterEach((to) => {
    if (!deps.signedIn() || !recalled) return;
    const ticketId = to.name === 'ticket' && typeof to.params.id === 'string' && to.params.id ? to.params.id : null;
    void platform.call('session.remember', { ticketId });
  });
  const stopWatching = watch(
    deps.signedIn,
    async (signedIn) => {
      if (!signedIn) {
        recalled = false;
        return;
      }
      const result = await platform.call('session.recall', {});
      recalled = true;
      const current = router.currentRoute.value;
      if (result.ok && result.value.ticketId && current.name !== 'ticket') {
        await router.push({ name: 'ticket', params: { id: result.value.ticketId } });
      } else if (current.name === 'ticket') {
        void platform.call('session.remember', { ticketId: (current.params.id as string | undefined) || null });
      }
    },
    { immediate: true },
  );
  return () => {
    stopRecording();
    stopWatching();
  };
}
