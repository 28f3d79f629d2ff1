import { watch } from 'vue';
import { fail } from '../../../../common/contract/result.ts';
import type { ConnectionState, Platform } from '../../platform/index.ts';
import type { SessionAccess } from '../../stores/auth.ts';

/**
 * The services as the workspace stores (queue, ticket, decisions, sync) see them: reachable only
 * while an operator is signed in and the console unlocked. To those stores a closed or locked
 * session looks like a lost connection — not 'online', no events — so they load when the session
 * opens and ask again for what they missed after an unlock, as they do after a reconnection.
 *
 * Calls made while locked (a refresh timer, a request on its way when the card left) wait for the
 * unlock, and one the services refused as LOCKED is made again then; signed out, they fail at once
 * with UNAUTHENTICATED, as the services would answer, so nothing of one session runs in the next.
 */
export function sessionPlatform(platform: Platform, access: () => SessionAccess): Platform {
  let connection: ConnectionState = 'connecting';
  const listeners = new Set<(state: ConnectionState) => void>();
  const waiting = new Set<() => void>();

  const seen = (): ConnectionState => {
    const now = access();
    if (now === 'open') return connection;
    return now === 'locked' ? 'offline' : 'connecting';
  };
  let shown = seen();
  const show = () => {
    const next = seen();
    if (next === shown) return;
    shown = next;
    listeners.forEach((listener) => listener(next));
  };

  platform.onConnection((state) => {
    connection = state;
    show();
  });
  watch(access, (now) => {
    if (now !== 'locked' && now !== 'unknown') [...waiting].forEach((release) => release());
    show();
  });

  const opened = () =>
    new Promise<void>((resolve) => {
      const release = () => {
        waiting.delete(release);
        resolve();
      };
      waiting.add(release);
    });

  const call: Platform['call'] = async (method, input) => {
    let refusedAsLocked = false;
    for (;;) {
      const now = access();
      if (now === 'signed-out') return fail('UNAUTHENTICATED', 'Sign in with your CIE first');
      if (now !== 'open') await opened();
      else {
        const result = await platform.call(method, input);
        if (result.ok || result.error.code !== 'LOCKED' || refusedAsLocked) return result;
        refusedAsLocked = true;
      }
    }
  };

  return {
    kind: platform.kind,
    call,
    subscribe: (event, listener) =>
      platform.subscribe(event, (payload) => {
        if (access() === 'open') listener(payload);
      }),
    onConnection(listener) {
      listeners.add(listener);
      listener(shown);
      return () => listeners.delete(listener);
    },
  };
}
