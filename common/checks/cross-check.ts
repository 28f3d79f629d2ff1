import { z } from 'zod';
import { LocalizedTextSchema } from './text.ts';

/**
 * The three-way cross-check: what the applicant typed on URP Online (`web`), what they wrote in
 * the PDF form (`pdf`) and what their document's MRZ says (`mrz`), compared field by field.
 */
export const CROSS_CHECK_FIELDS = [
  'surname',
  'givenNames',
  'birthDate',
  'nationality',
  'documentNumber',
  'expiryDate',
  'sex',
] as const;
export const CrossCheckFieldSchema = z.enum(CROSS_CHECK_FIELDS);
export type CrossCheckField = z.output<typeof CrossCheckFieldSchema>;

export const EVIDENCE_SOURCES = ['web', 'pdf', 'mrz'] as const;
export const EvidenceSourceSchema = z.enum(EVIDENCE_SOURCES);
export type EvidenceSource = z.output<typeof EvidenceSourceSchema>;

/** One source's values, as each states them: dates ISO, nationality as written (a code or a country name). */
export const EvidenceSchema = z.strictObject({
  surname: z.string().optional(),
  givenNames: z.string().optional(),
  birthDate: z.iso.date().optional(),
  nationality: z.string().optional(),
  documentNumber: z.string().optional(),
  expiryDate: z.iso.date().optional(),
  sex: z.enum(['M', 'F', 'X']).optional(),
});
export type Evidence = z.output<typeof EvidenceSchema>;

/**
 * `MATCH`: every source that states the field agrees. `PARTIAL`: they agree only in part (a name
 * missing a middle name, an MRZ name cut at the line's end, day and month swapped, O for 0).
 * `NO_MATCH`: two sources disagree. `MISSING`: fewer than two sources state it.
 */
export const MATCH_STATUSES = ['MATCH', 'PARTIAL', 'NO_MATCH', 'MISSING'] as const;
export const MatchStatusSchema = z.enum(MATCH_STATUSES);
export type MatchStatus = z.output<typeof MatchStatusSchema>;

export const FieldComparisonSchema = z.strictObject({
  field: CrossCheckFieldSchema,
  status: MatchStatusSchema,
  /** What each source states, as it states it; absent where it states nothing. */
  values: z.partialRecord(EvidenceSourceSchema, z.string()),
  /** Sources that should state the field and do not. */
  missingFrom: z.array(EvidenceSourceSchema),
  why: LocalizedTextSchema,
});
export type FieldComparison = z.output<typeof FieldComparisonSchema>;

export const CrossCheckSchema = z.strictObject({
  fields: z.array(FieldComparisonSchema),
  /** The worst status over the fields that can be compared: what the verdict weighs. */
  worst: MatchStatusSchema,
});
export type CrossCheck = z.output<typeof CrossCheckSchema>;
