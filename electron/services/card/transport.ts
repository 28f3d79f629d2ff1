/** One card connection: APDUs in, responses out (status word included). Implementations: PC/SC, in-process. */
export interface CardTransport {
  /** ATR of the card in this connection. */
  readonly atr: Uint8Array;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Drops any card state (secure channel etc.) as a warm reset does. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The card side, as the virtual CIE implements it; a vpcd bridge or an in-process transport drives it. */
export interface CardApplet {
  readonly atr: Uint8Array;
  /** Answers one command APDU with a response APDU (data + SW1 SW2). Never throws for bad input: answers a status word. */
  process(apdu: Uint8Array): Uint8Array;
  /** Power off/on or reset: secure messaging and PIN-verified state are gone. */
  reset(): void;
}

export type CardErrorCode =
  | 'CARD_REMOVED'
  | 'CARD_RESET'
  | 'NO_READER'
  | 'NO_SERVICE'
  | 'SHARING_VIOLATION'
  | 'TRANSPORT'
  | 'PROTOCOL'
  | 'WRONG_PIN'
  | 'PIN_BLOCKED'
  | 'NOT_A_CIE'
  | 'SOD_INVALID'
  | 'CERTIFICATE';

export class CardError extends Error {
  readonly code: CardErrorCode;
  readonly triesLeft?: number;

  constructor(code: CardErrorCode, message: string, triesLeft?: number) {
    super(message);
    this.name = 'CardError';
    this.code = code;
    this.triesLeft = triesLeft;
  }
}
