/**
 * The slice of PC/SC that Accredita uses, so the Node binding stays replaceable
 * (docs/pcsc-transport.md says why `smartcard` was chosen). Every method throws or rejects with a
 * CardError; the adapter translates its library's errors.
 */
export interface PcscBinding {
  /** SCardEstablishContext: NO_SERVICE when pcscd cannot be reached. */
  establish(): PcscContext;
}

/** A reader as SCardGetStatusChange reports it: `state` is the raw dwEventState. */
export interface ReaderState {
  readonly name: string;
  readonly state: number;
  readonly atr: Uint8Array | null;
}

export interface PcscContext {
  listReaders(): string[];
  /**
   * SCardGetStatusChange: waits until a reader leaves the given state; resolves with every
   * reader's new state, with `[]` on timeout and with `null` when cancelled.
   */
  waitForChange(known: readonly ReaderState[], timeoutMs: number): Promise<ReaderState[] | null>;
  /** SCardCancel: makes a pending waitForChange resolve with `null`. */
  cancel(): void;
  /** SCardConnect, exclusive, T=1 only: the whole secure sequence belongs to one process. */
  connectExclusiveT1(reader: string): Promise<PcscCard>;
  close(): void;
}

export interface PcscCard {
  /** SCardStatus: the card's ATR; rejects when the card has gone. */
  atr(): Uint8Array;
  /** SCardTransmit with a receive buffer of `maxResponseLength` bytes. */
  transmit(apdu: Uint8Array, maxResponseLength: number): Promise<Uint8Array>;
  /** SCardReconnect with SCARD_RESET_CARD, keeping exclusive T=1. */
  reset(): Promise<void>;
  /**
   * SCardDisconnect, leaving the card as it is: the call is synchronous, and a reset here would
   * hold this thread for a round trip to the card. reset() first to drop the card's session.
   */
  disconnect(): void;
}

/** Reader state bits of SCardGetStatusChange (the same values in pcsc-lite, WinSCard and macOS). */
export const READER_STATE = {
  CHANGED: 0x0002,
  EMPTY: 0x0010,
  PRESENT: 0x0020,
  MUTE: 0x0200,
} as const;

/** pcsc-lite's pseudo-reader that changes state when a reader is plugged in or out. */
export const PNP_NOTIFICATION = '\\\\?PnP?\\Notification';

/** A usable card: present and answering (a mute card gave no ATR). */
export const hasUsableCard = (state: number): boolean =>
  (state & READER_STATE.PRESENT) !== 0 && (state & READER_STATE.MUTE) === 0;

/** pcsc-lite and WinSCard count card insertions and removals in the upper 16 bits of the state. */
export const cardEventCount = (state: number): number => state >>> 16;
