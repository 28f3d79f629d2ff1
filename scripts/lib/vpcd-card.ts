/** A card applet in one of the vpcd readers, and pcscd's word that it is (or is not) there. */
import { setTimeout as delay } from 'node:timers/promises';
import { listReaders } from '../../electron/services/card/pcsc/list-readers.ts';
import type { CardApplet } from '../../electron/services/card/transport.ts';
import { createVirtualCardLink, type VirtualCardLink } from '../../electron/services/card/virtual-card-link.ts';
import { VPCD_READERS } from './pcscd.ts';

const VPCD_FIRST_PORT = 35963;

/** Waits until pcscd lists `reader` with (or without) a card: it sees changes up to ~0.4 s late. */
export async function readerShows(reader: string, card: boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = (await listReaders()).find((candidate) => candidate.name === reader);
    if (Boolean(view?.atr) === card) return;
    if (Date.now() > deadline) throw new Error(`${reader} does not show ${card ? 'a' : 'no'} card`);
    await delay(25);
  }
}

/**
 * Puts `applet` in the vpcd reader number `slot` once the previous card is gone, and waits for
 * pcscd to report it. `onCommand` sees every APDU before the card does (to pull the card mid-flow).
 */
export async function insertVirtualCard(
  applet: CardApplet,
  options: { slot?: 0 | 1; onCommand?: (apdu: Uint8Array, link: VirtualCardLink) => void } = {},
): Promise<VirtualCardLink> {
  const slot = options.slot ?? 0;
  const reader = VPCD_READERS[slot];
  await readerShows(reader, false);
  const { onCommand } = options;
  const watched: CardApplet = onCommand
    ? {
        atr: applet.atr,
        reset: () => applet.reset(),
        process: (apdu) => {
          onCommand(apdu, link);
          return applet.process(apdu);
        },
      }
    : applet;
  const link: VirtualCardLink = createVirtualCardLink(watched, { port: VPCD_FIRST_PORT + slot });
  await link.insert();
  await readerShows(reader, true);
  return link;
}
