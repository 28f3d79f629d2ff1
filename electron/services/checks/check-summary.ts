import { z } from 'zod';
import { MatchStatusSchema } from '../../../common/checks/cross-check.ts';
import { EligibilityOutcomeSchema } from '../../../common/checks/eligibility.ts';
import type { CheckSummary } from '../../../common/contract/methods.ts';

/**
 * The parts of a stored result the queue needs. Read leniently: a result the engine stored is
 * well formed, but a summary must never make storing it fail, so anything unexpected reads as
 * "not known" rather than throwing.
 */
const SummarySourceSchema = z.object({
  eligibility: z
    .object({
      outcome: EligibilityOutcomeSchema,
      taxId: z.object({ kind: z.string() }),
      findings: z.array(z.object({ redirectTarget: z.string().nullable() })),
    })
    .nullable()
    .catch(null),
  mrz: z
    .object({ used: z.object({ valid: z.boolean() }).nullable(), problem: z.unknown() })
    .catch({ used: null, problem: null }),
  crossCheck: z.object({ worst: MatchStatusSchema }).catch({ worst: 'MISSING' }),
  duplicates: z.array(z.unknown()).catch([]),
});

const ITALIAN_CF_KINDS = new Set(['ITALIAN_CF', 'ITALIAN_CF_TYPO']);

/** The queue's summary of a checks result (migration 3 computes the same from results stored before it). */
export function checkSummaryOf(result: unknown): CheckSummary {
  const source = SummarySourceSchema.catch({
    eligibility: null,
    mrz: { used: null, problem: null },
    crossCheck: { worst: 'MISSING' },
    duplicates: [],
  }).parse(result);
  const { used, problem } = source.mrz;
  return {
    eligibility: source.eligibility?.outcome ?? null,
    mrz: used ? (used.valid ? 'VALID' : 'INVALID') : problem ? 'UNREADABLE' : 'NONE',
    crossCheck: source.crossCheck.worst,
    duplicates: source.duplicates.length,
    italianCf: ITALIAN_CF_KINDS.has(source.eligibility?.taxId.kind ?? ''),
    eidas: source.eligibility?.findings.some((finding) => finding.redirectTarget === 'EIDAS') ?? false,
  };
}
