import { contract, type EventPayload } from '../../../common/contract/methods.ts';
import type { EventName } from '../../../common/contract/names.ts';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export interface EventHub {
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe<E extends EventName>(event: E, listener: Listener<E>): () => void;
}

/**
 * Fan-out of contract events to every subscribed window or connection. Payloads are checked
 * against the contract before they leave, and one failing listener cannot starve the others.
 */
export function createEventHub(onListenerError: (event: EventName, error: unknown) => void): EventHub {
  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  return {
    publish(event, payload) {
      const checked = contract.events[event].parse(payload) as EventPayload<typeof event>;
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(checked);
        } catch (error) {
          onListenerError(event, error);
        }
      }
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const entry = listener as Listener<EventName>;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}
