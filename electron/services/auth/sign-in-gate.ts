import type { Handlers } from '../../../common/contract/dispatch.ts';
import type { MethodName } from '../../../common/contract/names.ts';
import { ContractFailure } from '../../../common/contract/result.ts';

/** What a console shows before sign-in and while locked: its identity, its language, the sign-in itself. */
const OPEN_METHODS: ReadonlySet<MethodName> = new Set([
  'app.info',
  'app.setLocale',
  'app.about',
  'session.current',
  'auth.status',
  'auth.login',
  'auth.unlock',
  'auth.logout',
]);

/**
 * Refuses every other method until an operator is signed in, and while the console is locked
 * (the card left the reader): the services, not the covered UI, keep applicant data unreachable.
 */
export function withSignIn(access: () => 'open' | 'signed-out' | 'locked', handlers: Handlers): Handlers {
  const gated = { ...handlers } as Record<MethodName, (...args: never[]) => unknown>;
  for (const method of Object.keys(handlers) as MethodName[]) {
    if (OPEN_METHODS.has(method)) continue;
    const handler = handlers[method] as (...args: never[]) => unknown;
    gated[method] = (...args: never[]) => {
      const state = access();
      if (state === 'signed-out') throw new ContractFailure('UNAUTHENTICATED', 'Sign in with your CIE first');
      if (state === 'locked')
        throw new ContractFailure('LOCKED', 'The console is locked: put your card back and type the PIN');
      return handler(...args);
    };
  }
  return gated as Handlers;
}
