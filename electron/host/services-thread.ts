/**
 * The services in a worker thread of the web host. Loading their modules is most of start-up, and
 * Node evaluates an import's whole module graph in one stretch, leaving its thread deaf to
 * everything else. Started first thing, in a thread of their own, they load while the host thread
 * gets ready and serves the page, so the browser loads the console meanwhile instead of after.
 * Calls and events cross as structured clones: the contract's payloads are plain data.
 */
import { Worker } from 'node:worker_threads';
import type { CallContext } from '../../common/contract/dispatch.ts';
import type { EventName } from '../../common/contract/names.ts';
import { fail, type Result } from '../../common/contract/result.ts';
import type { Services, ServicesOptions } from '../services/index.ts';

const WORKER_URL = new URL('./services-worker.ts', import.meta.url);

/** What the services need that is known before anything else: no functions, no live objects. */
export type ThreadServicesOptions = Pick<ServicesOptions, 'identity' | 'profileDir'> & {
  /** The services' log scope; the thread logs to the process's stderr like the host. */
  logScope: string;
};

/** What is known once the host has looked at its settings (and perhaps started a central API). */
export type ThreadCreateOptions = Pick<ServicesOptions, 'demoApiUrl' | 'session'>;

export type ThreadRequest =
  | { type: 'create'; with: ThreadCreateOptions }
  | { type: 'call'; id: number; method: unknown; input: unknown; context: CallContext }
  | { type: 'close' };

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'closed' };

/** The host's side of the services: what the gateway uses, and closing them. */
export type HostedServices = Pick<Services, 'dispatch' | 'close'> & { events: Pick<Services['events'], 'subscribe'> };

export interface ServicesThread {
  /** Creates the services once their modules are loaded; resolves when they are. */
  create(options: ThreadCreateOptions): Promise<HostedServices>;
  /** The services will live elsewhere (they need live objects of the host thread): stop loading them. */
  cancel(): Promise<void>;
}

/**
 * Starts loading the services in their thread. A thread that fails answers every open call
 * UNAVAILABLE and calls `onLost` (unless it was being closed): the host cannot go on without it.
 */
export function startServicesThread(options: ThreadServicesOptions, onLost: (reason: string) => void): ServicesThread {
  const thread = new Worker(WORKER_URL, { workerData: options });
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let nextId = 1;
  let ending = false;
  let ready: { resolve(services: HostedServices): void; reject(error: Error): void } | undefined;
  let closed = () => {};

  const lost = (error: Error) => {
    for (const answer of pending.values()) answer(fail('UNAVAILABLE', 'The console services stopped'));
    pending.clear();
    ready?.reject(error);
    if (!ending) onLost(error.message);
  };
  thread.on('message', (reply: ThreadReply) => {
    if (reply.type === 'ready') ready?.resolve(services);
    else if (reply.type === 'result') {
      pending.get(reply.id)?.(reply.result);
      pending.delete(reply.id);
    } else if (reply.type === 'event') {
      for (const listener of listeners.get(reply.event) ?? []) listener(reply.payload as never);
    } else closed();
  });
  thread.on('error', lost);
  thread.on('exit', (code) => lost(new Error(`the services thread exited with code ${code}`)));
  const post = (request: ThreadRequest) => thread.postMessage(request);

  const services: HostedServices = {
    dispatch: (method, input, context) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        post({ type: 'call', id, method, input, context });
      }),
    events: {
      subscribe(event, listener) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        const entry = listener as (payload: never) => void;
        set.add(entry);
        return () => void set.delete(entry);
      },
    },
    async close() {
      ending = true;
      await new Promise<void>((resolve) => {
        closed = resolve;
        thread.once('exit', () => resolve());
        post({ type: 'close' });
      });
      await thread.terminate();
    },
  };

  return {
    create: (created) =>
      new Promise<HostedServices>((resolve, reject) => {
        ready = { resolve, reject };
        post({ type: 'create', with: created });
      }),
    async cancel() {
      ending = true;
      await thread.terminate();
    },
  };
}
