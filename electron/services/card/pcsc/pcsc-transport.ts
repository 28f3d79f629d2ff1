import { setTimeout as delay } from 'node:timers/promises';
import { CardError, type CardTransport } from '../transport.ts';
import type { PcscBinding, PcscCard } from './pcsc-binding.ts';
import { sendAssembled } from './response-assembly.ts';
import { pcscError, smartcardBinding, toCardError } from './smartcard-binding.ts';

/** A card connection through pcscd, held exclusively with T=1 until closed. */
export interface PcscConnection extends CardTransport {
  readonly reader: string;
}

export interface ConnectOptions {
  binding?: PcscBinding;
}

/**
 * Receive buffer for one SCardTransmit: an extended-length answer plus SW1 SW2. A secure-messaging
 * answer carrying a 2048-bit signature is ~300 bytes, past the 258 bytes bindings default to.
 */
const MAX_RESPONSE_LENGTH = 65_538;

/** pcscd notices a vanished card up to ~0.1 s after its driver does (vpcd polls); wait that long, and more. */
const REMOVAL_SETTLE_MS = 500;
const REMOVAL_POLL_MS = 25;

/** Errors after which the handle is useless until a successful reset(), or for good. */
const FATAL = new Set(['CARD_REMOVED', 'CARD_RESET', 'NO_SERVICE', 'NO_READER']);

/**
 * Connects to the card in `reader`, exclusively and with T=1, for a whole secure sequence: no
 * other process (a running CIE middleware included) can interleave APDUs and break the secure
 * messaging counter (docs/cie-protocol.md §6). Commands are sent one at a time, `61xx` and `6Cxx`
 * are resolved here, and failures are CardErrors: CARD_REMOVED, CARD_RESET, NO_SERVICE,
 * NO_READER, SHARING_VIOLATION, TRANSPORT.
 */
export async function connectCard(reader: string, options: ConnectOptions = {}): Promise<PcscConnection> {
  const context = (options.binding ?? smartcardBinding()).establish();
  let card: PcscCard;
  let atr: Uint8Array;
  try {
    card = await context.connectExclusiveT1(reader);
    atr = card.atr();
  } catch (error) {
    context.close();
    throw toCardError(error, reader);
  }

  let closed = false;
  let failure: CardError | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };
  const ensureUsable = () => {
    if (closed) throw new CardError('TRANSPORT', `The connection to ${reader} is closed`);
    if (failure) throw failure;
  };
  const remember = (error: unknown): CardError => {
    const cardError = toCardError(error, reader);
    if (FATAL.has(cardError.code)) failure = cardError;
    return cardError;
  };

  /**
   * A failed or empty exchange is often the first sign of a removed card (vpcd answers an empty
   * response when the card leaves mid-command): ask the reader until it says so or time is up.
   */
  const explain = async (cause: CardError): Promise<CardError> => {
    const deadline = Date.now() + REMOVAL_SETTLE_MS;
    for (;;) {
      try {
        card.atr();
      } catch (error) {
        return toCardError(error, reader);
      }
      if (Date.now() >= deadline) return cause;
      await delay(REMOVAL_POLL_MS);
    }
  };

  const send = async (apdu: Uint8Array): Promise<Uint8Array> => {
    let response: Uint8Array;
    try {
      response = await card.transmit(apdu, MAX_RESPONSE_LENGTH);
    } catch (error) {
      const cardError = toCardError(error, reader);
      throw cardError.code === 'TRANSPORT' ? await explain(cardError) : cardError;
    }
    if (response.length < 2) {
      throw await explain(pcscError('TRANSPORT', `${response.length}-byte answer without a status word`, reader));
    }
    return response;
  };

  return {
    reader,
    get atr() {
      return Uint8Array.from(atr);
    },
    transmit: (apdu) =>
      serialized(async () => {
        ensureUsable();
        try {
          return await sendAssembled(send, apdu);
        } catch (error) {
          throw remember(error);
        }
      }),
    reset: () =>
      serialized(async () => {
        if (closed) throw new CardError('TRANSPORT', `The connection to ${reader} is closed`);
        try {
          await card.reset();
          atr = card.atr();
          failure = undefined;
        } catch (error) {
          throw remember(error);
        }
      }),
    close: () => {
      if (closed) return queue.then(() => undefined);
      closed = true;
      return serialized(async () => {
        try {
          // No PIN-verified state or secure channel may outlive this connection.
          await card.reset();
          card.disconnect();
        } catch {
          // The card or pcscd is already gone: nothing is left to release but the context.
        }
        context.close();
      });
    },
  };
}
