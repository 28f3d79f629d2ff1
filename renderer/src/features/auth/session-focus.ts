import { nextTick, watch } from 'vue';
import { useAuthStore } from '../../stores/auth.ts';

/**
 * Where the keyboard goes when the session changes: into the workspace after sign-in, and after
 * an unlock back to the control the operator was on when the card left (the page behind the lock
 * stayed as it was). Called once, by the app's root component.
 */
export function useSessionFocus(): void {
  const auth = useAuthStore();
  let beforeLock: Element | null = null;

  // Before the page turns inert and the browser moves focus away from it.
  watch(
    () => auth.locked,
    (locked) => {
      if (locked) beforeLock = document.activeElement;
    },
    { flush: 'pre' },
  );
  watch(
    () => auth.locked,
    async (locked, was) => {
      if (locked || !was || !auth.signedIn) return;
      await nextTick();
      const target = beforeLock instanceof HTMLElement && beforeLock.isConnected ? beforeLock : null;
      (target ?? document.getElementById('main'))?.focus({ preventScroll: true });
      beforeLock = null;
    },
    { flush: 'post' },
  );
  // Only after signing in here: a page opened on a session already open keeps its own first focus.
  watch(
    () => auth.access,
    async (access, was) => {
      if (access !== 'open' || was !== 'signed-out') return;
      await nextTick();
      document.getElementById('main')?.focus();
    },
    { flush: 'post' },
  );
}
