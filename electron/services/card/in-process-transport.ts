import { CardError, type CardApplet, type CardTransport } from './transport.ts';

/**
 * Drives a card applet in this process (demo mode without pcscd, protocol tests). Bytes are
 * copied both ways so neither side can alter a buffer the other still holds.
 */
export function createInProcessTransport(applet: CardApplet): CardTransport {
  let open = true;
  const ensureOpen = () => {
    if (!open) throw new CardError('TRANSPORT', 'The in-process card connection is closed');
  };
  return {
    atr: Uint8Array.from(applet.atr),
    transmit: async (apdu) => {
      ensureOpen();
      return Uint8Array.from(applet.process(Uint8Array.from(apdu)));
    },
    reset: async () => {
      ensureOpen();
      applet.reset();
    },
    close: async () => {
      open = false;
    },
  };
}
