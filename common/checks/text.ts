import { z } from 'zod';

/**
 * Every explanation a check gives the operator, in both console languages: the console switches
 * language live, so a result carries both rather than being re-computed per locale.
 */
export const LocalizedTextSchema = z.strictObject({ it: z.string(), en: z.string() });
export type LocalizedText = z.output<typeof LocalizedTextSchema>;

/**
 * Why a file or a value could not be checked. Codes are stable (tests, logs, UI keys); the text
 * tells the operator what to do next. A problem never makes a ticket unworkable: the operator can
 * always read the document by eye and type what the console could not read.
 */
export const CHECK_PROBLEM_CODES = [
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'UNSUPPORTED_TYPE',
  'CORRUPT_FILE',
  'IMAGE_TOO_LARGE',
  'PDF_ENCRYPTED',
  'PDF_HAS_JAVASCRIPT',
  'PDF_NO_FIELDS',
  'PDF_TOO_MANY_PAGES',
  'PDF_UNKNOWN_TEMPLATE',
  'MRZ_NOT_FOUND',
  'MRZ_BAD_LENGTH',
  'MRZ_BAD_ALPHABET',
  'MRZ_UNKNOWN_FORMAT',
  'OCR_FAILED',
  'TIMEOUT',
  'ATTACHMENT_UNAVAILABLE',
] as const;
export const CheckProblemCodeSchema = z.enum(CHECK_PROBLEM_CODES);
export type CheckProblemCode = z.output<typeof CheckProblemCodeSchema>;

export const CheckProblemSchema = z.strictObject({ code: CheckProblemCodeSchema, message: LocalizedTextSchema });
export type CheckProblem = z.output<typeof CheckProblemSchema>;
