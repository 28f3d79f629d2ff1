import { fail, type Result } from '../../../../../common/contract/result.ts';
import type { MethodName } from '../../../../../common/contract/names.ts';
import type { MethodInput, MethodOutput } from '../../../../../common/contract/methods.ts';
import type { Platform } from '../../../platform/index.ts';
import { useAuthStore } from '../../../stores/auth.ts';
import { sessionPlatform } from '../../auth/session-platform.ts';

const wrapped = new WeakMap<Platform, Platform>();

/**
 * The services as the supervisor's views reach them: through the session, like the workspace
 * stores, so a call made while the console is locked waits for the unlock instead of failing.
 * The views load on demand, so they ask the auth store for the platform it was started with.
 */
export function supervisorServices() {
  const auth = useAuthStore();
  function platform(): Platform | undefined {
    const raw = auth.services();
    if (!raw) return undefined;
    let session = wrapped.get(raw);
    if (!session) {
      session = sessionPlatform(raw, () => auth.access);
      wrapped.set(raw, session);
    }
    return session;
  }
  return {
    call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      const using = platform();
      return using ? using.call(method, input) : Promise.resolve(fail('UNAVAILABLE', 'The console is still starting'));
    },
    subscribe: ((event, listener) => platform()?.subscribe(event, listener) ?? (() => {})) as Platform['subscribe'],
  };
}
