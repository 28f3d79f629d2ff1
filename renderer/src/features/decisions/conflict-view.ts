import { z } from 'zod';
import {
  DecisionActionSchema,
  TicketStateSchema,
  type DecisionAction,
  type TicketState,
} from '../../../../common/api/schemas.ts';
import type { TicketDetail } from '../../../../common/contract/methods.ts';

/** What the central API says happened instead (server/storage/ticket-store.ts `conflictOf`); any field may be missing. */
const TheirsSchema = z.object({
  state: TicketStateSchema.nullish(),
  decidedBy: z.string().nullish(),
  decidedByName: z.string().nullish(),
  decidedAt: z.string().nullish(),
  action: DecisionActionSchema.nullish(),
});

export interface ConflictView {
  /** Our decision that the central API refused. */
  ours: DecisionAction;
  /** `CONFLICT`: someone decided first or the ticket changed; `REJECTED`: the API refused the decision itself. */
  kind: 'CONFLICT' | 'REJECTED';
  /** The API's code (STALE_VERSION, ALREADY_DECIDED, LEASE_HELD…) and its own words, for support. */
  code: string;
  detail: string;
  refusedAt: string;
  theirs: { action: DecisionAction | null; by: string | null; at: string | null; state: TicketState | null };
}

/** The conflict as the resolution dialog shows it: who decided what and when, as far as the API told. */
export function conflictView(conflict: NonNullable<TicketDetail['conflict']>): ConflictView {
  const parsed = TheirsSchema.safeParse(conflict.theirs);
  const theirs = parsed.success ? parsed.data : {};
  return {
    ours: conflict.action,
    kind: conflict.kind,
    code: conflict.code,
    detail: conflict.detail,
    refusedAt: conflict.at,
    theirs: {
      action: theirs.action ?? null,
      by: theirs.decidedByName ?? theirs.decidedBy ?? null,
      at: theirs.decidedAt ?? null,
      state: theirs.state ?? null,
    },
  };
}
