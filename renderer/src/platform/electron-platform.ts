import type { PreloadBridge } from '../../../common/contract/bridge.ts';
import { fail } from '../../../common/contract/result.ts';
import { parseEvent, parseResult } from '../../../common/contract/validation.ts';
import type { Platform } from './platform.ts';

/** Calls go through the preload's verbs; answers are checked like any other foreign input. */
export function createElectronPlatform(bridge: PreloadBridge): Platform {
  return {
    kind: 'electron',
    async call(method, input) {
      try {
        return parseResult(method, await bridge.methods[method](input));
      } catch (error) {
        return fail('UNAVAILABLE', `${method}: ${(error as Error).message}`);
      }
    },
    subscribe(event, listener) {
      return bridge.events[event]((raw) => {
        const payload = parseEvent(event, raw);
        if (payload !== undefined) listener(payload);
      });
    },
    onConnection(listener) {
      listener('online');
      return () => {};
    },
  };
}
