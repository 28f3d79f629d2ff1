import type { PcscBinding, ReaderState } from './pcsc-binding.ts';
import { hasUsableCard } from './pcsc-binding.ts';
import type { ReaderView } from './reader-watcher.ts';
import { smartcardBinding, toCardError } from './smartcard-binding.ts';

/** The readers pcscd knows now and the ATR of the card in each; rejects with NO_SERVICE when pcscd is down. */
export async function listReaders(binding: PcscBinding = smartcardBinding()): Promise<ReaderView[]> {
  const context = binding.establish();
  try {
    const unaware: ReaderState[] = context.listReaders().map((name) => ({ name, state: 0, atr: null }));
    if (unaware.length === 0) return [];
    const states = (await context.waitForChange(unaware, 0)) ?? [];
    return states.map(({ name, state, atr }) => ({
      name,
      atr: hasUsableCard(state) ? (atr ?? new Uint8Array(0)) : null,
    }));
  } catch (error) {
    throw toCardError(error);
  } finally {
    context.close();
  }
}
