import { createRequire } from 'node:module';
import type * as Smartcard from 'smartcard';
import { CardError, type CardErrorCode } from '../transport.ts';
import type { PcscBinding, PcscCard, PcscContext, ReaderState } from './pcsc-binding.ts';

type SmartcardModule = typeof Smartcard;

/**
 * `smartcard` rejects with plain Errors whose message is pcsc-lite's text for the return code
 * (its src/pcsc_errors.h); the code itself is not exposed, so the text is the key.
 */
/** The CardError codes a PC/SC call can end in. */
type PcscErrorCode = Extract<
  CardErrorCode,
  'CARD_REMOVED' | 'CARD_RESET' | 'NO_SERVICE' | 'NO_READER' | 'SHARING_VIOLATION' | 'TRANSPORT'
>;

const CODE_BY_MESSAGE = new Map<string, PcscErrorCode>([
  ['Card was removed', 'CARD_REMOVED'],
  ['No smart card present', 'CARD_REMOVED'],
  ['Card was reset', 'CARD_RESET'],
  ['Card is unpowered', 'CARD_RESET'],
  ['PC/SC service not running', 'NO_SERVICE'],
  ['PC/SC service stopped', 'NO_SERVICE'],
  // What a pending call gets when pcscd dies under it; every later call then gets "not running".
  ['Communication error', 'NO_SERVICE'],
  ['Sharing violation', 'SHARING_VIOLATION'],
  ['Unknown reader', 'NO_READER'],
  ['Reader unavailable', 'NO_READER'],
  ['No readers available', 'NO_READER'],
]);

const EXPLANATION: Record<PcscErrorCode, string> = {
  CARD_REMOVED: 'The card was removed from the reader',
  CARD_RESET: 'The card was reset by another program: its secure session is gone',
  NO_SERVICE:
    'The smart-card service is not running: start pcscd on Linux (Debian package "pcscd", ' +
    '`systemctl start pcscd`), the "Smart Card" service on Windows',
  NO_READER: 'The card reader is not connected',
  SHARING_VIOLATION: 'Another program is using the card: close it (e.g. the CIE middleware) and try again',
  TRANSPORT: 'The reader could not exchange data with the card',
};

/** A CardError whose message explains the code and keeps the PC/SC detail for the log. */
export function pcscError(code: PcscErrorCode, detail: string, reader?: string): CardError {
  const where = reader === undefined ? '' : ` (${reader})`;
  return new CardError(code, `${EXPLANATION[code]}${where}. PC/SC: ${detail}`);
}

export function toCardError(error: unknown, reader?: string): CardError {
  if (error instanceof CardError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return pcscError(CODE_BY_MESSAGE.get(detail) ?? 'TRANSPORT', detail, reader);
}

/** Runs a binding call, turning whatever it throws into a CardError. */
async function mapped<T>(call: () => T | Promise<T>, reader?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toCardError(error, reader);
  }
}

function mappedSync<T>(call: () => T, reader?: string): T {
  try {
    return call();
  } catch (error) {
    throw toCardError(error, reader);
  }
}

function wrapCard(sc: SmartcardModule, card: Smartcard.CardInterface, reader: string): PcscCard {
  return {
    atr: () => Uint8Array.from(mappedSync(() => card.getStatus().atr, reader)),
    transmit: async (apdu, maxResponseLength) =>
      Uint8Array.from(
        await mapped(() => card.transmit(Buffer.from(apdu), { maxRecvLength: maxResponseLength }), reader),
      ),
    reset: async () => {
      await mapped(() => card.reconnect(sc.SCARD_SHARE_EXCLUSIVE, sc.SCARD_PROTOCOL_T1, sc.SCARD_RESET_CARD), reader);
    },
    disconnect: () => mappedSync(() => card.disconnect(sc.SCARD_LEAVE_CARD), reader),
  };
}

function wrapContext(sc: SmartcardModule, context: Smartcard.ContextInterface): PcscContext {
  const readerNamed = (name: string): Smartcard.ReaderInterface => {
    const reader = context.listReaders().find((candidate) => candidate.name === name);
    if (!reader) throw pcscError('NO_READER', 'Unknown reader', name);
    return reader;
  };
  return {
    listReaders: () => mappedSync(() => context.listReaders().map((reader) => reader.name)),
    waitForChange: async (known, timeoutMs) => {
      const changes = await mapped(() =>
        context.waitForChange(
          known.map(({ name, state }) => ({ name, state, changed: false, atr: null })),
          timeoutMs,
        ),
      );
      return (
        changes?.map((change): ReaderState => ({
          name: change.name,
          state: change.state,
          atr: change.atr ? Uint8Array.from(change.atr) : null,
        })) ?? null
      );
    },
    cancel: () => context.cancel(),
    connectExclusiveT1: async (name) => {
      const card = await mapped(() => readerNamed(name).connect(sc.SCARD_SHARE_EXCLUSIVE, sc.SCARD_PROTOCOL_T1), name);
      return wrapCard(sc, card, name);
    },
    close: () => context.close(),
  };
}

let loaded: PcscBinding | undefined;

/**
 * The `smartcard` binding, loaded on first use: a process that never touches a reader does not
 * load libpcsclite, and a machine without it gets NO_SERVICE instead of a crash at start-up.
 */
export function smartcardBinding(): PcscBinding {
  if (loaded) return loaded;
  let sc: SmartcardModule;
  try {
    sc = createRequire(import.meta.url)('smartcard') as SmartcardModule;
  } catch (error) {
    throw pcscError(
      'NO_SERVICE',
      `the smartcard binding did not load (Debian needs libpcsclite1; building it needs libpcsclite-dev): ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  loaded = {
    establish: () =>
      wrapContext(
        sc,
        mappedSync(() => new sc.Context()),
      ),
  };
  return loaded;
}
