import type { CardReaders } from '../card-readers.ts';
import { connectCard } from './pcsc-transport.ts';
import { watchReaders, type WatchOptions } from './reader-watcher.ts';

/** The workstation's readers through pcscd: hot-plug and card events from the watcher, exclusive T=1 connections. */
export function createPcscReaders(options: WatchOptions = {}): CardReaders {
  const watcher = watchReaders(options);
  return {
    ready: watcher.ready,
    service: () => watcher.service(),
    readers: () => watcher.readers(),
    subscribe: (listener) => watcher.subscribe(listener),
    connect: (reader) => connectCard(reader, options.binding ? { binding: options.binding } : {}),
    close: () => watcher.close(),
  };
}
