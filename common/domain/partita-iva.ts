import type { LocalizedText } from '../checks/text.ts';
import { normalizeTaxId } from './codice-fiscale.ts';

export type PartitaIvaProblemCode = 'EMPTY' | 'LENGTH' | 'NOT_DIGITS' | 'ZERO_NUMBER' | 'OFFICE_CODE' | 'CHECK_DIGIT';

export interface PartitaIvaProblem {
  code: PartitaIvaProblemCode;
  /** 1-based position of the first character to blame. */
  position?: number;
  found?: string;
  expected?: string;
  message: LocalizedText;
}

export interface PartitaIvaResult {
  /** The 11 digits (or whatever was typed, trimmed, without spaces and without an `IT` prefix). */
  value: string;
  /** The value was written as an EU VAT number (`IT…`). */
  hadCountryPrefix: boolean;
  valid: boolean;
  problems: PartitaIvaProblem[];
  /** Provincial office code (positions 8–10), when the value has 11 digits. */
  officeCode: string | null;
}

/** Office codes of the Agenzia delle Entrate: the provinces, plus 120, 121, 888 and 999 (python-stdnum `it/iva`). */
function isOfficeCode(code: number): boolean {
  return (code >= 1 && code <= 100) || code === 120 || code === 121 || code === 888 || code === 999;
}

/** The Luhn digit over the first ten digits: odd positions as they are, even positions doubled. */
export function partitaIvaCheckDigit(first10: string): string {
  const sum = first10
    .slice(0, 10)
    .split('')
    .map(Number)
    .reduce((total, d, i) => total + (i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2), 0);
  return String((10 - (sum % 10)) % 10);
}

/**
 * Validates an Italian partita IVA and says what is wrong. A valid one is not proof of a company:
 * an 11-digit number may also be a temporary personal codice fiscale (domain.md).
 */
export function validatePartitaIva(input: string): PartitaIvaResult {
  const normalized = normalizeTaxId(input);
  const hadCountryPrefix = /^IT\d/.test(normalized);
  const value = hadCountryPrefix ? normalized.slice(2) : normalized;
  const result = (problems: PartitaIvaProblem[], officeCode: string | null = null): PartitaIvaResult => ({
    value,
    hadCountryPrefix,
    valid: problems.length === 0,
    problems,
    officeCode,
  });

  if (value === '') return result([{ code: 'EMPTY', message: { it: 'Nessun valore.', en: 'No value.' } }]);
  const nonDigit = value.search(/\D/);
  if (nonDigit >= 0) {
    return result([
      {
        code: 'NOT_DIGITS',
        position: nonDigit + 1,
        found: value[nonDigit]!,
        message: {
          it: `La partita IVA ha solo cifre: alla posizione ${nonDigit + 1} c'è «${value[nonDigit]}».`,
          en: `A partita IVA has digits only: position ${nonDigit + 1} holds '${value[nonDigit]}'.`,
        },
      },
    ]);
  }
  if (value.length !== 11) {
    return result([
      {
        code: 'LENGTH',
        message: {
          it: `La partita IVA ha 11 cifre, questa ne ha ${value.length}.`,
          en: `A partita IVA has 11 digits, this one has ${value.length}.`,
        },
      },
    ]);
  }

  const problems: PartitaIvaProblem[] = [];
  const officeCode = value.slice(7, 10);
  if (Number(value.slice(0, 7)) === 0) {
    problems.push({
      code: 'ZERO_NUMBER',
      position: 1,
      found: value.slice(0, 7),
      message: {
        it: 'Le prime 7 cifre (numero del contribuente) sono tutte zero.',
        en: 'The first 7 digits (taxpayer number) are all zero.',
      },
    });
  }
  if (!isOfficeCode(Number(officeCode))) {
    problems.push({
      code: 'OFFICE_CODE',
      position: 8,
      found: officeCode,
      expected: '001–100, 120, 121, 888, 999',
      message: {
        it: `Posizioni 8–10: codice ufficio ${officeCode} inesistente (ammessi 001–100, 120, 121, 888, 999).`,
        en: `Positions 8–10: office code ${officeCode} does not exist (allowed: 001–100, 120, 121, 888, 999).`,
      },
    });
  }
  const expected = partitaIvaCheckDigit(value);
  if (value[10] !== expected) {
    problems.push({
      code: 'CHECK_DIGIT',
      position: 11,
      found: value[10]!,
      expected,
      message: {
        it: `Cifra di controllo errata: attesa ${expected}, trovata ${value[10]}.`,
        en: `Wrong check digit: expected ${expected}, found ${value[10]}.`,
      },
    });
  }
  return result(problems, officeCode);
}
