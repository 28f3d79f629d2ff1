import { z } from 'zod';
import { CrossCheckSchema } from './cross-check.ts';
import { EligibilityResultSchema } from './eligibility.ts';
import { MrzReadResultSchema, MrzResultSchema, ParsedMrzSchema } from './mrz.ts';
import { PdfFormResultSchema } from './pdf-form.ts';
import { CheckProblemSchema, LocalizedTextSchema } from './text.ts';
import { DuplicateMatchSchema, VerdictSchema } from './verdict.ts';

/** Everything the console computed for one ticket, as the checks panel shows it. */
export const TicketChecksSchema = z.strictObject({
  ticketId: z.string(),
  computedAt: z.iso.datetime(),
  eligibility: EligibilityResultSchema.nullable(),
  /** Why eligibility could not be assessed (e.g. the eIDAS list failed to load). */
  eligibilityProblem: LocalizedTextSchema.nullable(),
  /** The filled PDF form, when one is attached. */
  form: z.strictObject({ sha256: z.string(), filename: z.string(), result: PdfFormResultSchema }).nullable(),
  mrz: z.strictObject({
    /** Which MRZ the checks used: typed by the operator, read from the ID copy, or none. */
    source: z.enum(['typed', 'read', 'none']),
    /** The ID copy read, and what reading it gave. */
    read: z.strictObject({ sha256: z.string(), filename: z.string(), result: MrzReadResultSchema }).nullable(),
    typed: z
      .strictObject({ text: z.string(), operatorId: z.string(), typedAt: z.iso.datetime(), result: MrzResultSchema })
      .nullable(),
    used: ParsedMrzSchema.nullable(),
    problem: CheckProblemSchema.nullable(),
  }),
  crossCheck: CrossCheckSchema,
  duplicates: z.array(DuplicateMatchSchema),
  verdict: VerdictSchema,
  /** Attachments that could not be fetched (offline, integrity) and other reasons a check is missing. */
  problems: z.array(CheckProblemSchema),
});
export type TicketChecks = z.output<typeof TicketChecksSchema>;
