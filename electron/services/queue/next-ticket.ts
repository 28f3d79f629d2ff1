import type { MethodOutput } from '../../../common/contract/methods.ts';
import { ContractFailure } from '../../../common/contract/result.ts';

type Lease = MethodOutput<'tickets.claim'>;

export interface NextTicketDeps {
  /** Oldest actionable unclaimed tickets in the cache, minus `skip`. */
  candidates(limit: number, skip: readonly string[]): string[];
  claim(ticketId: string): Promise<Lease>;
}

const BATCH = 10;
/** Tickets tried per request: past this, the cache is too far behind the server to keep guessing. */
const MAX_TRIES = 30;

/**
 * "Next ticket": claims the oldest actionable ticket nobody holds. Done here rather than in the
 * page so that one request does it whoever hosts the services, and a ticket another operator
 * took a moment ago (the cache has not heard yet) is skipped and the next one tried. Any other
 * refusal (offline, signed out) is the operator's to see.
 */
export async function claimNextTicket(deps: NextTicketDeps): Promise<MethodOutput<'tickets.next'>> {
  const lost: string[] = [];
  while (lost.length < MAX_TRIES) {
    const batch = deps.candidates(BATCH, lost);
    if (batch.length === 0) return null;
    for (const ticketId of batch) {
      try {
        return { ticketId, ...(await deps.claim(ticketId)) };
      } catch (error) {
        if (!(error instanceof ContractFailure) || error.code !== 'CONFLICT') throw error;
        lost.push(ticketId);
      }
    }
  }
  throw new ContractFailure('CONFLICT', `The first ${MAX_TRIES} free tickets were all taken meanwhile: try again`);
}
