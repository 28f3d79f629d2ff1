import type { CardReaders, ReaderEvent } from './card-readers.ts';
import { createInProcessTransport } from './in-process-transport.ts';
import { CardError, type CardApplet, type CardTransport } from './transport.ts';

export interface InProcessReaders extends CardReaders {
  readonly reader: string;
  insert(): void;
  remove(): void;
}

/**
 * One reader with a card applet in this process: demo mode on a machine without pcscd. The card
 * starts inserted; remove() fails every open connection as a pulled card would.
 */
export function createInProcessReaders(applet: CardApplet, reader = 'Accredita demo reader'): InProcessReaders {
  const listeners = new Set<(event: ReaderEvent) => void>();
  let inserted = true;
  let generation = 0;
  const emit = (event: ReaderEvent) => [...listeners].forEach((listener) => listener(event));
  const removed = () => new CardError('CARD_REMOVED', `No card in ${reader}`);

  return {
    reader,
    ready: Promise.resolve(),
    service: () => 'up',
    readers: () => [{ name: reader, atr: inserted ? Uint8Array.from(applet.atr) : null }],
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connect: async (name): Promise<CardTransport> => {
      if (name !== reader) throw new CardError('NO_READER', `No reader named ${name}`);
      if (!inserted) throw removed();
      const connectedTo = generation;
      const inner = createInProcessTransport(applet);
      const present = () => {
        if (!inserted || generation !== connectedTo) throw removed();
      };
      return {
        atr: inner.atr,
        transmit: async (apdu) => {
          present();
          return inner.transmit(apdu);
        },
        reset: async () => {
          present();
          return inner.reset();
        },
        close: () => inner.close(),
      };
    },
    insert: () => {
      if (inserted) return;
      inserted = true;
      applet.reset();
      emit({ type: 'card-inserted', reader, atr: Uint8Array.from(applet.atr) });
    },
    remove: () => {
      if (!inserted) return;
      inserted = false;
      generation += 1;
      emit({ type: 'card-removed', reader });
    },
    close: async () => {
      listeners.clear();
    },
  };
}
