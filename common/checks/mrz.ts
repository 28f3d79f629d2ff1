import { z } from 'zod';
import { CheckProblemSchema, LocalizedTextSchema } from './text.ts';

/*
 * The machine-readable zone of an identity document (ICAO Doc 9303): what parsing a typed or
 * pasted MRZ gives back, and what reading one from an image gives back. docs/mrz-ocr.md explains
 * the rules and the OCR pipeline. Every value is plain JSON, so results cross IPC and the CLI.
 */

const IsoDate = z.iso.date();
const MrzLine = z.string().regex(/^[A-Z0-9<]+$/, 'A–Z, 0–9 and <');

export const MRZ_FORMATS = ['TD1', 'TD2', 'TD3'] as const;
export const MrzFormatSchema = z.enum(MRZ_FORMATS);
export type MrzFormat = z.output<typeof MrzFormatSchema>;

/** From the document code: `P…` passport, `V…` visa, `I…`/`A…`/`C…` identity or travel card. */
export const MRZ_DOCUMENT_TYPES = ['passport', 'id-card', 'visa', 'other'] as const;
export const MrzDocumentTypeSchema = z.enum(MRZ_DOCUMENT_TYPES);
export type MrzDocumentType = z.output<typeof MrzDocumentTypeSchema>;

export const MrzFieldsSchema = z.strictObject({
  /** `P`, `I`, `ID`, `AC`…: fillers removed. */
  documentCode: z.string(),
  /** ICAO code of the issuing state or organisation (`D` is Germany, `UTO` the specimen state). */
  issuingState: z.string(),
  /** Primary identifier; fillers inside it as spaces. */
  surname: z.string(),
  /** Secondary identifier; fillers as spaces. Empty when the document has none. */
  givenNames: z.string(),
  /** The whole number, a TD1/TD2 number longer than 9 characters included. */
  documentNumber: z.string(),
  nationality: z.string(),
  /** Null when the MRZ does not hold a calendar date (YYMMDD with a bad month or day, or fillers). */
  birthDate: IsoDate.nullable(),
  /** `X` where the MRZ writes `<` (unspecified). Null when the character is none of M, F, <. */
  sex: z.enum(['M', 'F', 'X']).nullable(),
  expiryDate: IsoDate.nullable(),
  /** TD3: personal number; TD1: optional data of line 1 (after any document-number overflow); TD2: optional data. */
  optionalData: z.string(),
  /** TD1 only: optional data of line 2. */
  optionalData2: z.string().nullable(),
});
export type MrzFields = z.output<typeof MrzFieldsSchema>;

/**
 * Whether each check digit matches its field. Null where the format has no such check digit:
 * the optional data has one only in TD3 (an unused personal number may leave it blank), and
 * visas (MRV-A, MRV-B) have no composite.
 */
export const MrzCheckDigitsSchema = z.strictObject({
  documentNumber: z.boolean(),
  birthDate: z.boolean(),
  expiryDate: z.boolean(),
  optionalData: z.boolean().nullable(),
  composite: z.boolean().nullable(),
});
export type MrzCheckDigits = z.output<typeof MrzCheckDigitsSchema>;
export type MrzCheckDigitName = keyof MrzCheckDigits;

/** What is wrong inside an MRZ of the right shape; stable codes for tests, logs and UI keys. */
export const MRZ_FINDING_CODES = [
  'MRZ_CHECK_DIGIT',
  'MRZ_BAD_DATE',
  'MRZ_BAD_SEX',
  'MRZ_BAD_DOCUMENT_CODE',
  'MRZ_BAD_NAME',
  'MRZ_UNKNOWN_STATE',
] as const;
export const MrzFindingCodeSchema = z.enum(MRZ_FINDING_CODES);
export type MrzFindingCode = z.output<typeof MrzFindingCodeSchema>;

/** `error`: the MRZ is not valid. `warning`: the operator should look (e.g. a state code not in the ICAO list). */
export const MrzFindingSchema = z.strictObject({
  code: MrzFindingCodeSchema,
  severity: z.enum(['error', 'warning']),
  /** The field (or check digit) concerned. */
  field: z.string(),
  message: LocalizedTextSchema,
});
export type MrzFinding = z.output<typeof MrzFindingSchema>;

export const ParsedMrzSchema = z.strictObject({
  ok: z.literal(true),
  format: MrzFormatSchema,
  /** The lines as parsed: upper case, without spaces, one per line. */
  lines: z.array(MrzLine).min(2).max(3),
  documentType: MrzDocumentTypeSchema,
  fields: MrzFieldsSchema,
  checkDigits: MrzCheckDigitsSchema,
  findings: z.array(MrzFindingSchema),
  /** Relative to the `now` the parser was given; null when the expiry date is not a date. */
  expired: z.boolean().nullable(),
  /** Every check digit matches and every field is well formed (no `error` finding). Expiry is separate. */
  valid: z.boolean(),
});
export type ParsedMrz = z.output<typeof ParsedMrzSchema>;

export const MrzResultSchema = z.discriminatedUnion('ok', [
  ParsedMrzSchema,
  z.strictObject({ ok: z.literal(false), problem: CheckProblemSchema }),
]);
export type MrzResult = z.output<typeof MrzResultSchema>;

/**
 * Why a character tesseract read was changed. `shape`: the OCR-B shape matcher clearly preferred
 * another character the position admits. `type`: the position admits only digits, only letters
 * (or only M, F, <) and the character read was not one; its best admitted look-alike was kept.
 * `check-digit`: two admitted readings looked alike (0/O, 5/S…) and only this one makes the check
 * digits covering it hold.
 */
export const MrzCorrectionSchema = z.strictObject({
  /** 0-based line and column in the MRZ. */
  line: z.int().min(0),
  column: z.int().min(0),
  from: z.string().length(1),
  to: z.string().length(1),
  field: z.string(),
  reason: z.enum(['shape', 'type', 'check-digit']),
});
export type MrzCorrection = z.output<typeof MrzCorrectionSchema>;

export const MrzReadTimingsSchema = z.strictObject({
  /** Decoding the file and finding the MRZ (image worker). */
  imageMs: z.number().min(0),
  /** Character recognition (tesseract.js worker). */
  ocrMs: z.number().min(0),
  totalMs: z.number().min(0),
});
export type MrzReadTimings = z.output<typeof MrzReadTimingsSchema>;

export const MrzReadSchema = z.strictObject({
  ok: z.literal(true),
  /** What the recogniser read, each line snapped to the format's length. */
  rawLines: z.array(z.string()),
  /** After the corrections below. */
  lines: z.array(MrzLine),
  corrections: z.array(MrzCorrectionSchema),
  /** The corrected lines, parsed: its check digits say whether the read can be trusted. */
  mrz: ParsedMrzSchema,
  /** Mean recogniser confidence per character, 0–1. */
  confidence: z.number().min(0).max(1),
  source: z.strictObject({ kind: z.enum(['png', 'jpeg', 'pdf']), width: z.int(), height: z.int() }),
  timings: MrzReadTimingsSchema,
});
export type MrzRead = z.output<typeof MrzReadSchema>;

export const MrzReadResultSchema = z.discriminatedUnion('ok', [
  MrzReadSchema,
  z.strictObject({ ok: z.literal(false), problem: CheckProblemSchema, timings: MrzReadTimingsSchema }),
]);
export type MrzReadResult = z.output<typeof MrzReadResultSchema>;
