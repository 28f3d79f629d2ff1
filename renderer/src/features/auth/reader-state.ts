import type { AuthStatus } from '../../../../common/contract/auth-methods.ts';

/** What the operator must do next with the reader, in the order things go wrong. */
export type ReaderState = 'checking' | 'noService' | 'noReader' | 'noCard' | 'ready';

export function readerState(readers: AuthStatus['readers'] | undefined): ReaderState {
  if (!readers || readers.service === 'unknown') return 'checking';
  if (readers.service === 'down') return 'noService';
  if (readers.readers.length === 0) return 'noReader';
  return readers.readers.some((reader) => reader.cardPresent) ? 'ready' : 'noCard';
}
