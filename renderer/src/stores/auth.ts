import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AuthStatus, LoginFailureCode, LoginOutcome } from '../../../common/contract/auth-methods.ts';
import type { ErrorCode, Result } from '../../../common/contract/result.ts';
import type { Platform } from '../platform/index.ts';

/** Why a card flow did not sign in or unlock: the card's or the server's code, or the contract's when the call itself failed. */
export interface AuthFailure {
  code: LoginFailureCode | ErrorCode;
  triesLeft?: number;
  detail: string;
}

/** What the page may do: 'unknown' until the services have answered once. */
export type SessionAccess = 'unknown' | 'signed-out' | 'locked' | 'open';

const notStarted: AuthFailure = { code: 'UNAVAILABLE', detail: 'The console is still starting' };

/**
 * Who is signed in, whether the console is locked, and the readers, as the auth service pushes
 * them (`auth.events` on every change: a card leaving the reader reaches the page as one event,
 * with no call to wait for). Sign-in, unlock and sign-out answer failures as data.
 */
export const useAuthStore = defineStore('auth', () => {
  const status = ref<AuthStatus>();
  /** The card flow this page started and is waiting for. */
  const submitting = ref<'login' | 'unlock' | null>(null);
  let platform: Platform | undefined;

  const session = computed(() => status.value?.session ?? null);
  const signedIn = computed(() => session.value !== null);
  const locked = computed(() => session.value?.locked === true);
  const access = computed<SessionAccess>(() => {
    if (!status.value) return 'unknown';
    if (!session.value) return 'signed-out';
    return session.value.locked ? 'locked' : 'open';
  });
  /** A card flow is running, started here or from another window. */
  const busy = computed(() => submitting.value ?? status.value?.busy ?? null);
  /** Whether the supervisor's views are offered; the services refuse them to anyone else regardless. */
  const isSupervisor = computed(() => session.value?.operator.role === 'supervisor');
  /** The services this store was started with: views that load on demand reach them through it. */
  const services = (): Platform | undefined => platform;

  async function refresh(): Promise<void> {
    const result = await platform?.call('auth.status', {});
    if (result?.ok) status.value = result.value;
  }

  function start(using: Platform): () => void {
    platform = using;
    const stops = [
      using.subscribe('auth.events', (event) => (status.value = event.status)),
      // Events missed while disconnected are not replayed, and a restarted host has no session.
      using.onConnection((state) => {
        if (state === 'online') void refresh();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async function cardFlow(
    kind: 'login' | 'unlock',
    run: () => Promise<Result<LoginOutcome>>,
  ): Promise<AuthFailure | undefined> {
    if (!platform) return notStarted;
    submitting.value = kind;
    try {
      const result = await run();
      if (!result.ok) return { code: result.error.code, detail: result.error.message };
      if (!result.value.ok) return result.value.failure;
      status.value = result.value.status;
      return undefined;
    } finally {
      submitting.value = null;
    }
  }

  /** Card + PIN; also the fresh online sign-in asked for when `reauthRequired`. Undefined when signed in. */
  const login = (pin: string) => cardFlow('login', () => platform!.call('auth.login', { pin }));

  /** The card that signed in, and its PIN. Undefined when unlocked. */
  const unlock = (pin: string) => cardFlow('unlock', () => platform!.call('auth.unlock', { pin }));

  async function logout(): Promise<AuthFailure | undefined> {
    if (!platform) return notStarted;
    const result = await platform.call('auth.logout', {});
    if (!result.ok) return { code: result.error.code, detail: result.error.message };
    status.value = result.value;
    return undefined;
  }

  return { status, session, signedIn, locked, access, busy, isSupervisor, services, start, login, unlock, logout };
});
