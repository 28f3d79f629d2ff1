import { z } from 'zod';
import { ApplicantSchema, ReasonCodeSchema, RedirectTargetSchema } from '../api/schemas.ts';
import { LocalizedTextSchema } from './text.ts';

/**
 * The eligibility check's data file (resources/eidas/notified-schemes.json) and its result.
 * docs/eligibility.md explains the rules, their precedence and how to update the list.
 */

const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, upper case');
const IsoDate = z.iso.date();

/**
 * A date known only to a year, a month or a day (`2021`, `2021-05`, `2021-05-14`). Used where the
 * source says "by May 2021" and nobody knows the day: writing `2021-05-01` would invent a fact.
 */
export const PartialDateSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');

export const EIDAS_LEVELS = ['low', 'substantial', 'high'] as const;

export const EidasSchemeEntrySchema = z
  .strictObject({
    state: CountryCode,
    scheme: z.string().trim().min(1),
    /** Null when this edition does not record the level: read it from the source before relying on it. */
    levelOfAssurance: z.enum(EIDAS_LEVELS).nullable(),
    /** Day the notification was published in the Official Journal of the EU, when known exactly. */
    publishedAt: IsoDate.optional(),
    /** Otherwise: the notification is known to have been published no later than this (partial) date. */
    publishedBy: PartialDateSchema.optional(),
    sourceUrl: z.url({ protocol: /^https$/ }),
    /** False for schemes only pre-notified, or reported but not verified against the source. */
    confirmed: z.boolean(),
    note: LocalizedTextSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.publishedAt && entry.publishedBy) {
      ctx.addIssue({ code: 'custom', path: ['publishedBy'], message: 'give publishedAt or publishedBy, not both' });
    }
    if (entry.confirmed && !entry.publishedAt && !entry.publishedBy) {
      ctx.addIssue({
        code: 'custom',
        path: ['publishedAt'],
        message: 'a confirmed entry needs publishedAt or publishedBy',
      });
    }
    if (!entry.confirmed && !entry.note) {
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'an unconfirmed entry needs a note saying what is known',
      });
    }
  });
export type EidasSchemeEntry = z.output<typeof EidasSchemeEntrySchema>;

export const EidasListSchema = z
  .strictObject({
    /** Increases with every edition; the loader picks the highest valid one among its candidates. */
    version: z.int().positive(),
    /** Day this edition was published; the operator sees it ("secondo l'elenco del …"). */
    publishedAt: IsoDate,
    source: z.strictObject({
      title: z.string().min(1),
      url: z.url({ protocol: /^https$/ }),
      /** When the entries were last compared with the source; may be older than the edition. */
      checkedAt: PartialDateSchema,
    }),
    entries: z.array(EidasSchemeEntrySchema).min(1),
  })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.entries.forEach((entry, i) => {
      const key = `${entry.state}/${entry.scheme}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['entries', i], message: `duplicate entry ${key}` });
      seen.add(key);
    });
  });
export type EidasList = z.output<typeof EidasListSchema>;

/**
 * EU member states (ISO 3166-1: Greece is `GR`, although EU documents write `EL`) and the EEA
 * states outside the EU, to which eIDAS also applies. Membership changes by treaty, not by
 * edition, so this is code rather than a data file.
 */
export const EU_STATES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const; // prettier-ignore
export const EEA_NON_EU_STATES = ['IS', 'LI', 'NO'] as const;

/** What the applicant typed in the web form's "Codice Fiscale/PIVA" field turned out to be. */
export const TAX_ID_KINDS = [
  'EMPTY',
  'ITALIAN_CF',
  'ITALIAN_CF_TYPO',
  'PARTITA_IVA',
  'PARTITA_IVA_INVALID',
  'OTHER',
] as const;
export const TaxIdKindSchema = z.enum(TAX_ID_KINDS);

export const TaxIdProblemSchema = z.strictObject({
  code: z.string(),
  position: z.int().positive().optional(),
  found: z.string().optional(),
  expected: z.string().optional(),
  message: LocalizedTextSchema,
});

export const CodiceFiscaleDecodedSchema = z.strictObject({
  base: z.string().length(16),
  omocodiaPositions: z.array(z.int().min(7).max(15)),
  omocodiaFromTheRight: z.boolean(),
  sex: z.enum(['M', 'F']),
  birthDate: z.strictObject({
    day: z.int().min(1).max(31),
    month: z.int().min(1).max(12),
    twoDigitYear: z.int().min(0).max(99),
    candidates: z.array(IsoDate).min(1).max(2),
    centuryAmbiguous: z.boolean(),
  }),
  birthplace: z.strictObject({ code: z.string().length(4), abroad: z.boolean() }),
});

export const TaxIdClassificationSchema = z.strictObject({
  kind: TaxIdKindSchema,
  /** Normalised value (trimmed, upper case, no spaces). */
  value: z.string(),
  problems: z.array(TaxIdProblemSchema),
  codiceFiscale: CodiceFiscaleDecodedSchema.nullable(),
  message: LocalizedTextSchema,
});
export type TaxIdClassification = z.output<typeof TaxIdClassificationSchema>;

export const EligibilityInputSchema = z.strictObject({
  applicant: ApplicantSchema.pick({
    nome: true,
    cognome: true,
    email: true,
    nationality: true,
    residenceCountry: true,
    codiceFiscalePiva: true,
    birthDate: true,
  }),
  /**
   * States whose notified eID the operator knows the applicant holds besides their nationality's,
   * e.g. a German electronic residence permit.
   */
  eidHolderOf: z.array(CountryCode).max(30).default([]),
});
export type EligibilityInput = z.input<typeof EligibilityInputSchema>;

export const ELIGIBILITY_OUTCOMES = ['REDIRECT_SPID_CIE', 'REDIRECT_EIDAS', 'REDIRECT_CLICLAVORO', 'ELIGIBLE'] as const;
export const EligibilityOutcomeSchema = z.enum(ELIGIBILITY_OUTCOMES);
export type EligibilityOutcome = z.output<typeof EligibilityOutcomeSchema>;

export const FINDING_CODES = [
  'ITALIAN_CF',
  'ITALIAN_CITIZEN',
  'ITALIAN_RESIDENT',
  'CF_BIRTH_DATE_MISMATCH',
  'CF_PROBABLE_TYPO',
  'PARTITA_IVA',
  'PARTITA_IVA_INVALID',
  'OTHER_TAX_ID',
  'NO_TAX_ID',
  'EIDAS_NATIONALITY',
  'EIDAS_EID_HOLDER',
  'EIDAS_UNCONFIRMED',
  'EIDAS_RESIDENCE',
  'EU_WITHOUT_EIDAS',
  'NON_EU',
  'CLICLAVORO_ACCOUNT',
  'CLICLAVORO_NONE',
  'CLICLAVORO_UNAVAILABLE',
] as const;
export const FindingCodeSchema = z.enum(FINDING_CODES);

/**
 * `redirect`: decides the outcome (the first by precedence wins); `warning`: the operator should
 * verify or ask before deciding; `pending`: a check could not run; `info`: context.
 */
export const FindingLevelSchema = z.enum(['redirect', 'warning', 'pending', 'info']);

export const EligibilityFindingSchema = z.strictObject({
  code: FindingCodeSchema,
  level: FindingLevelSchema,
  message: LocalizedTextSchema,
  /** The facts the finding rests on, e.g. `applicant.nationality = DE`, `eidasList.version = 1`. */
  facts: z.array(z.strictObject({ name: z.string(), value: z.string() })),
  redirectTarget: RedirectTargetSchema.nullable(),
  reasonCode: ReasonCodeSchema.nullable(),
});
export type EligibilityFinding = z.output<typeof EligibilityFindingSchema>;

export const EligibilityResultSchema = z.strictObject({
  outcome: EligibilityOutcomeSchema,
  redirectTarget: RedirectTargetSchema.nullable(),
  reasonCode: ReasonCodeSchema.nullable(),
  /** The finding that decided the outcome; null when the applicant is eligible. */
  decidedBy: FindingCodeSchema.nullable(),
  summary: LocalizedTextSchema,
  /** True when a check could not run and its answer could still change an ELIGIBLE outcome. */
  pending: z.boolean(),
  findings: z.array(EligibilityFindingSchema),
  taxId: TaxIdClassificationSchema,
  cliclavoro: z.enum(['FOUND', 'NOT_FOUND', 'UNKNOWN']),
  eidasList: z.strictObject({ version: z.int().positive(), publishedAt: IsoDate, checkedAt: PartialDateSchema }),
});
export type EligibilityResult = z.output<typeof EligibilityResultSchema>;
