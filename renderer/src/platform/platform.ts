import type { EventPayload, MethodInput, MethodOutput } from '../../../common/contract/methods.ts';
import type { EventName, MethodName } from '../../../common/contract/names.ts';
import type { Result } from '../../../common/contract/result.ts';

/** `unauthorized`: the page was opened without the host's secret and cannot connect. */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'unauthorized';

/** The renderer's only way to the services, whichever process hosts them. */
export interface Platform {
  readonly kind: 'electron' | 'web';
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Calls the listener at once with the current state, then on every change. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}
