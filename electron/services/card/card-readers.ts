import type { CardError, CardTransport } from './transport.ts';

export type ReaderEvent =
  | { type: 'service-up' }
  | { type: 'service-down'; error: CardError }
  | { type: 'reader-added'; reader: string }
  | { type: 'reader-removed'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: Uint8Array }
  | { type: 'card-removed'; reader: string };

export interface ReaderView {
  readonly name: string;
  /** ATR of the card in the reader, null when there is none. */
  readonly atr: Uint8Array | null;
}

/**
 * The readers the login uses, whatever drives them: pcscd on a workstation, or the demo card in
 * this process. The auth service sees only this.
 */
export interface CardReaders {
  /** Resolves once the first look at the readers is done. */
  readonly ready: Promise<void>;
  service(): 'unknown' | 'up' | 'down';
  readers(): ReaderView[];
  subscribe(listener: (event: ReaderEvent) => void): () => void;
  /** An exclusive connection to the card in `reader`; CardError when it cannot be had. */
  connect(reader: string): Promise<CardTransport>;
  close(): Promise<void>;
}
