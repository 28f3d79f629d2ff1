/**
 * Where each field and check digit sits in TD1, TD2 and TD3 (ICAO Doc 9303 Parts 4–6) and
 * in the machine-readable visas that share their sizes (Part 7: MRV-A 2 × 44, MRV-B 2 × 36).
 * One table serves the parser (which check digits hold) and the OCR corrector (what kind of
 * character each position admits, and which check digits confirm a correction).
 */
import type { MrzCheckDigitName, MrzFormat } from '../../../../common/checks/mrz.ts';

export interface Span {
  line: number;
  start: number;
  /** Exclusive. */
  end: number;
}

/**
 * What a position admits. `letters`: A–Z and the filler; `digits`: 0–9 (dates); `any`: A–Z,
 * 0–9, <; `sex`: M, F, <; `check`: a digit (or `<` where ICAO allows a blank check digit);
 * `filler`: only `<` (where a long document number moved its check digit away).
 */
export type CharacterKind = 'letters' | 'digits' | 'any' | 'sex' | 'check' | 'filler';

export type MrzFieldName =
  | 'documentCode'
  | 'issuingState'
  | 'name'
  | 'documentNumber'
  | 'nationality'
  | 'birthDate'
  | 'sex'
  | 'expiryDate'
  | 'optionalData'
  | 'optionalData2';

export interface FieldSpan extends Span {
  field: MrzFieldName | `${MrzCheckDigitName}CheckDigit`;
  kind: CharacterKind;
}

export interface CheckSpec {
  name: MrzCheckDigitName;
  /** The check digit's own position. */
  digit: { line: number; column: number };
  /** The characters it covers, in order. */
  covers: Span[];
  /** ICAO lets an unused personal number leave its check digit `<` (or 0). */
  blankAllowed?: boolean;
}

export interface ResolvedLayout {
  format: MrzFormat;
  /** MRV-A or MRV-B: no composite check digit, longer optional data. */
  visa: boolean;
  fields: FieldSpan[];
  checks: CheckSpec[];
  /** The whole document number and the optional data left after it, as these lines hold them. */
  documentNumber: Span[];
  optionalData: Span;
}

export const MRZ_SHAPES: Readonly<Record<MrzFormat, { lines: number; length: number }>> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
};

const span = (line: number, start: number, end: number): Span => ({ line, start, end });
const field = (name: FieldSpan['field'], kind: CharacterKind, line: number, start: number, end: number): FieldSpan => ({
  field: name,
  kind,
  line,
  start,
  end,
});
const digitAt = (line: number, column: number) => ({ line, column });

/** Resolves the layout for these lines: visa or not, and where a long document number ends. */
export function resolveLayout(format: MrzFormat, lines: readonly string[]): ResolvedLayout {
  return format === 'TD1' ? td1(lines) : twoLine(format, lines);
}

function td1(lines: readonly string[]): ResolvedLayout {
  const overflow = documentNumberOverflow(lines[0] ?? '', 14, 15, 30);
  const fields: FieldSpan[] = [
    field('documentCode', 'letters', 0, 0, 2),
    field('issuingState', 'letters', 0, 2, 5),
    field('documentNumber', 'any', 0, 5, 14),
    overflow ? field('documentNumber', 'filler', 0, 14, 15) : field('documentNumberCheckDigit', 'check', 0, 14, 15),
  ];
  if (overflow) {
    fields.push(field('documentNumber', 'any', 0, 15, overflow.digit));
    fields.push(field('documentNumberCheckDigit', 'check', 0, overflow.digit, overflow.digit + 1));
  }
  const optionalStart = overflow ? overflow.digit + 1 : 15;
  if (optionalStart < 30) fields.push(field('optionalData', 'any', 0, optionalStart, 30));
  fields.push(
    field('birthDate', 'digits', 1, 0, 6),
    field('birthDateCheckDigit', 'check', 1, 6, 7),
    field('sex', 'sex', 1, 7, 8),
    field('expiryDate', 'digits', 1, 8, 14),
    field('expiryDateCheckDigit', 'check', 1, 14, 15),
    field('nationality', 'letters', 1, 15, 18),
    field('optionalData2', 'any', 1, 18, 29),
    field('compositeCheckDigit', 'check', 1, 29, 30),
    field('name', 'letters', 2, 0, 30),
  );
  const documentNumber = overflow ? [span(0, 5, 14), span(0, 15, overflow.digit)] : [span(0, 5, 14)];
  return {
    format: 'TD1',
    visa: false,
    fields,
    checks: [
      { name: 'documentNumber', digit: overflow ? digitAt(0, overflow.digit) : digitAt(0, 14), covers: documentNumber },
      { name: 'birthDate', digit: digitAt(1, 6), covers: [span(1, 0, 6)] },
      { name: 'expiryDate', digit: digitAt(1, 14), covers: [span(1, 8, 14)] },
      {
        name: 'composite',
        digit: digitAt(1, 29),
        covers: [span(0, 5, 30), span(1, 0, 7), span(1, 8, 15), span(1, 18, 29)],
      },
    ],
    documentNumber,
    optionalData: span(0, optionalStart, 30),
  };
}

/** TD2, TD3 and the visas: line 1 holds code, state and name; line 2 the numbered fields. */
function twoLine(format: 'TD2' | 'TD3', lines: readonly string[]): ResolvedLayout {
  const length = MRZ_SHAPES[format].length;
  const visa = (lines[0] ?? '').startsWith('V');
  // TD2 (not TD3, whose number field holds 9) lets a long number overflow into the optional data.
  const overflow = format === 'TD2' && !visa ? documentNumberOverflow(lines[1] ?? '', 9, 28, 35) : null;
  const fields: FieldSpan[] = [
    field('documentCode', 'letters', 0, 0, 2),
    field('issuingState', 'letters', 0, 2, 5),
    field('name', 'letters', 0, 5, length),
    field('documentNumber', 'any', 1, 0, 9),
    overflow ? field('documentNumber', 'filler', 1, 9, 10) : field('documentNumberCheckDigit', 'check', 1, 9, 10),
    field('nationality', 'letters', 1, 10, 13),
    field('birthDate', 'digits', 1, 13, 19),
    field('birthDateCheckDigit', 'check', 1, 19, 20),
    field('sex', 'sex', 1, 20, 21),
    field('expiryDate', 'digits', 1, 21, 27),
    field('expiryDateCheckDigit', 'check', 1, 27, 28),
  ];
  const documentNumber = overflow ? [span(1, 0, 9), span(1, 28, overflow.digit)] : [span(1, 0, 9)];
  const checks: CheckSpec[] = [
    { name: 'documentNumber', digit: overflow ? digitAt(1, overflow.digit) : digitAt(1, 9), covers: documentNumber },
    { name: 'birthDate', digit: digitAt(1, 19), covers: [span(1, 13, 19)] },
    { name: 'expiryDate', digit: digitAt(1, 27), covers: [span(1, 21, 27)] },
  ];
  let optionalData: Span;
  if (visa) {
    optionalData = span(1, 28, length);
    fields.push(field('optionalData', 'any', 1, 28, length));
  } else if (format === 'TD3') {
    optionalData = span(1, 28, 42);
    fields.push(
      field('optionalData', 'any', 1, 28, 42),
      field('optionalDataCheckDigit', 'check', 1, 42, 43),
      field('compositeCheckDigit', 'check', 1, 43, 44),
    );
    checks.push(
      { name: 'optionalData', digit: digitAt(1, 42), covers: [span(1, 28, 42)], blankAllowed: true },
      { name: 'composite', digit: digitAt(1, 43), covers: [span(1, 0, 10), span(1, 13, 20), span(1, 21, 43)] },
    );
  } else {
    const optionalStart = overflow ? overflow.digit + 1 : 28;
    optionalData = span(1, optionalStart, 35);
    if (overflow) {
      fields.push(field('documentNumber', 'any', 1, 28, overflow.digit));
      fields.push(field('documentNumberCheckDigit', 'check', 1, overflow.digit, overflow.digit + 1));
    }
    if (optionalStart < 35) fields.push(field('optionalData', 'any', 1, optionalStart, 35));
    fields.push(field('compositeCheckDigit', 'check', 1, 35, 36));
    checks.push({
      name: 'composite',
      digit: digitAt(1, 35),
      covers: [span(1, 0, 10), span(1, 13, 20), span(1, 21, 35)],
    });
  }
  return { format, visa, fields, checks, documentNumber, optionalData };
}

/**
 * Doc 9303 Part 5 §4.2.4 (and Part 6 for TD2): a document number longer than 9 characters puts
 * `<` where its check digit would be and continues in the optional data, followed by its check
 * digit and a filler. Returns the column of that check digit, or null for an ordinary number.
 */
function documentNumberOverflow(
  line: string,
  checkColumn: number,
  optionalStart: number,
  optionalEnd: number,
): { digit: number } | null {
  if (line[checkColumn] !== '<' || line[optionalStart] === '<' || line[optionalStart] === undefined) return null;
  const filler = line.indexOf('<', optionalStart);
  const end = filler === -1 || filler > optionalEnd ? optionalEnd : filler;
  // The overflow is at least one character and its check digit.
  return end - optionalStart >= 2 ? { digit: end - 1 } : null;
}

/** The characters of `spans`, joined. */
export const textOf = (lines: readonly string[], spans: readonly Span[]): string =>
  spans.map((s) => (lines[s.line] ?? '').slice(s.start, s.end)).join('');
