import { setTimeout as delay } from 'node:timers/promises';
import type { ReaderEvent, ReaderView } from '../card-readers.ts';
import type { CardError } from '../transport.ts';
import {
  cardEventCount,
  hasUsableCard,
  PNP_NOTIFICATION,
  type PcscBinding,
  type PcscContext,
  type ReaderState,
} from './pcsc-binding.ts';
import { smartcardBinding, toCardError } from './smartcard-binding.ts';

export type { ReaderEvent, ReaderView };

export interface ReaderWatcher {
  /** Resolves once the service and every reader's content have been seen (or the service found down). */
  readonly ready: Promise<void>;
  service(): 'unknown' | 'up' | 'down';
  readers(): ReaderView[];
  /** Events from now on; returns the unsubscribe function. */
  subscribe(listener: (event: ReaderEvent) => void): () => void;
  close(): Promise<void>;
}

export interface WatchOptions {
  binding?: PcscBinding;
  /** How often to look for pcscd again while it is down. */
  retryMs?: number;
  /** Longest wait in one SCardGetStatusChange: the reader list is re-read at least this often. */
  pollMs?: number;
  /** Receives a listener's exception (a process warning by default); the other listeners still run. */
  onListenerError?: (error: unknown) => void;
}

interface Known {
  state: number;
  atr: Uint8Array | null;
}

/** Pause after an error that did not take the service down (a reader unplugged between two calls). */
const RELIST_PAUSE_MS = 50;

/**
 * Watches pcscd: service up and down, readers plugged in and out, cards inserted and removed. One
 * SCardGetStatusChange is always pending, so a removal is reported as soon as pcscd sees it
 * (pcscd polls vpcd every 0.4 s). A card swapped between two looks is reported as removed, then
 * inserted.
 */
export function watchReaders(options: WatchOptions = {}): ReaderWatcher {
  const retryMs = options.retryMs ?? 500;
  const onListenerError =
    options.onListenerError ??
    ((error: unknown) => process.emitWarning(error instanceof Error ? error : String(error), 'ReaderWatcherListener'));
  const pollMs = options.pollMs ?? 2_000;
  const listeners = new Set<(event: ReaderEvent) => void>();
  const known = new Map<string, Known>();
  let service: 'unknown' | 'up' | 'down' = 'unknown';
  let pnpState = 0;
  let context: PcscContext | undefined;
  let closing = false;
  const stop = new AbortController();
  const pause = (ms: number) => delay(ms, undefined, { signal: stop.signal }).catch(() => undefined);
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const emit = (event: ReaderEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        onListenerError(error);
      }
    }
  };

  const forget = (name: string) => {
    if (known.get(name)?.atr) emit({ type: 'card-removed', reader: name });
    known.delete(name);
    emit({ type: 'reader-removed', reader: name });
  };

  const serviceDown = (error: CardError) => {
    for (const name of [...known.keys()]) forget(name);
    if (service !== 'down') {
      service = 'down';
      emit({ type: 'service-down', error });
    }
    markReady();
  };

  const serviceUp = () => {
    if (service === 'up') return;
    service = 'up';
    emit({ type: 'service-up' });
  };

  const syncReaderList = (names: string[]) => {
    for (const name of [...known.keys()]) if (!names.includes(name)) forget(name);
    for (const name of names) {
      if (known.has(name)) continue;
      // State 0 (unaware) makes the next wait answer at once with the reader's real content.
      known.set(name, { state: 0, atr: null });
      emit({ type: 'reader-added', reader: name });
    }
  };

  const apply = (changes: ReaderState[]) => {
    for (const change of changes) {
      if (change.name === PNP_NOTIFICATION) {
        pnpState = change.state;
        continue;
      }
      const before = known.get(change.name);
      if (!before) continue;
      const present = hasUsableCard(change.state);
      const swapped = before.atr !== null && present && cardEventCount(change.state) !== cardEventCount(before.state);
      if (before.atr && (!present || swapped)) emit({ type: 'card-removed', reader: change.name });
      const atr = present ? (change.atr ?? new Uint8Array(0)) : null;
      known.set(change.name, { state: change.state, atr });
      if (atr && (!before.atr || swapped))
        emit({ type: 'card-inserted', reader: change.name, atr: Uint8Array.from(atr) });
    }
  };

  const dropContext = () => {
    context?.close();
    context = undefined;
  };

  const loop = async () => {
    while (!closing) {
      try {
        context ??= (options.binding ?? smartcardBinding()).establish();
        const names = context.listReaders();
        serviceUp();
        syncReaderList(names);
        if (known.size === 0) markReady();
        const watched: ReaderState[] = [...known].map(([name, { state }]) => ({ name, state, atr: null }));
        watched.push({ name: PNP_NOTIFICATION, state: pnpState, atr: null });
        const changes = await context.waitForChange(watched, pollMs);
        if (changes) apply(changes);
        if (changes?.length) markReady();
      } catch (error) {
        const cardError = toCardError(error);
        dropContext();
        if (cardError.code === 'NO_SERVICE') {
          serviceDown(cardError);
          await pause(retryMs);
        } else {
          await pause(RELIST_PAUSE_MS);
        }
      }
    }
    dropContext();
    markReady();
  };
  // Listeners subscribed in the same tick as this call see the first look too.
  const running = Promise.resolve().then(loop);

  return {
    ready,
    service: () => service,
    readers: () => [...known].map(([name, { atr }]) => ({ name, atr: atr ? Uint8Array.from(atr) : null })),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      closing = true;
      listeners.clear();
      stop.abort();
      // A cancel that lands before the wait reaches pcscd is lost: repeat it until the loop ends.
      context?.cancel();
      const nudge = setInterval(() => context?.cancel(), 50);
      await running;
      clearInterval(nudge);
    },
  };
}
