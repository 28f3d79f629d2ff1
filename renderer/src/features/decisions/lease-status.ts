import type { Ticket } from '../../../../common/api/schemas.ts';

/**
 * The sync engine renews this console's leases once they have less than 5 minutes left; a lease
 * of ours still under this mark means renewal failed (offline, or taken back) and the operator
 * should know before they lose the ticket.
 */
export const RENEWAL_OVERDUE_MS = 3 * 60_000;
/** Someone else's lease this close to its end is worth a "free soon" note. */
const ENDING_SOON_MS = 5 * 60_000;

export type LeaseStatus =
  | { holder: 'none'; lapsed: boolean }
  | { holder: 'me'; expiresAt: string; minutesLeft: number; renewalOverdue: boolean }
  | { holder: 'other'; ownerName: string; expiresAt: string; minutesLeft: number; endingSoon: boolean };

/**
 * Who holds the ticket right now, from the lease in the local cache. An expired lease holds
 * nothing; `lapsed` says it was ours, so the operator is told to claim it again.
 */
export function leaseStatus(lease: Ticket['lease'], me: string | undefined, now: Date): LeaseStatus {
  if (!lease) return { holder: 'none', lapsed: false };
  const left = Date.parse(lease.expiresAt) - now.getTime();
  const mine = me !== undefined && lease.owner === me;
  if (!(left > 0)) return { holder: 'none', lapsed: mine };
  const minutesLeft = Math.max(1, Math.ceil(left / 60_000));
  return mine
    ? { holder: 'me', expiresAt: lease.expiresAt, minutesLeft, renewalOverdue: left < RENEWAL_OVERDUE_MS }
    : {
        holder: 'other',
        ownerName: lease.ownerName || lease.owner,
        expiresAt: lease.expiresAt,
        minutesLeft,
        endingSoon: left < ENDING_SOON_MS,
      };
}
