import { z } from 'zod';
import {
  CountersignFlagSchema,
  DecisionActionSchema,
  ReasonCodeSchema,
  RedirectTargetSchema,
  TicketStateSchema,
} from '../api/schemas.ts';
import { LocalizedTextSchema } from './text.ts';

/** Another ticket in the cache that looks like the same person, and what gave it away. */
export const DUPLICATE_KEYS = ['email', 'documentNumber', 'nameAndBirthDate'] as const;
export const DuplicateMatchSchema = z.strictObject({
  ticketId: z.string(),
  state: TicketStateSchema,
  applicantName: z.string(),
  email: z.string(),
  createdAt: z.string(),
  matchedOn: z.array(z.enum(DUPLICATE_KEYS)),
});
export type DuplicateMatch = z.output<typeof DuplicateMatchSchema>;

/** How one area of the checks came out: `ok`, worth a look, blocking approval, or not known yet. */
export const VERDICT_AREAS = ['eligibility', 'document', 'crossCheck', 'duplicates', 'form'] as const;
export const VerdictItemSchema = z.strictObject({
  area: z.enum(VERDICT_AREAS),
  status: z.enum(['ok', 'attention', 'blocking', 'unknown']),
  summary: LocalizedTextSchema,
});
export type VerdictItem = z.output<typeof VerdictItemSchema>;

/** What the console would decide; the operator decides. Null action: the checks are not complete. */
export const SuggestionSchema = z.strictObject({
  action: DecisionActionSchema.nullable(),
  redirectTarget: RedirectTargetSchema.nullable(),
  /** Most serious first. */
  reasonCodes: z.array(ReasonCodeSchema),
  countersignFlags: z.array(CountersignFlagSchema),
  why: LocalizedTextSchema,
});
export type Suggestion = z.output<typeof SuggestionSchema>;

export const VerdictSchema = z.strictObject({ items: z.array(VerdictItemSchema), suggestion: SuggestionSchema });
export type Verdict = z.output<typeof VerdictSchema>;
