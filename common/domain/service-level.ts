import type { TicketState } from '../api/schemas.ts';

/**
 * The help desk's service level, in Italian working days from the request: handled within
 * `DUE_FROM` days is on time, from `DUE_FROM` it is due soon, from `LATE_FROM` it is late. The
 * clock only matters while the ticket waits for the help desk; waiting for the applicant
 * (form sent, information requested) or decided, it shows no colour.
 */
export const SLA = { DUE_FROM: 3, LATE_FROM: 5 } as const;

export type SlaLevel = 'ok' | 'due' | 'late' | 'none';

const HELP_DESK_STATES: readonly TicketState[] = ['NEW', 'DOCS_RECEIVED', 'UNDER_REVIEW', 'AWAITING_COUNTERSIGN'];

export function slaLevel(state: TicketState, workingDays: number): SlaLevel {
  if (!HELP_DESK_STATES.includes(state)) return 'none';
  if (workingDays >= SLA.LATE_FROM) return 'late';
  return workingDays >= SLA.DUE_FROM ? 'due' : 'ok';
}
