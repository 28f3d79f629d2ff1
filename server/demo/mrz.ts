/**
 * Machine-readable zones of ICAO Doc 9303: TD1 (identity cards, 3 × 30) and TD3 (passports,
 * 2 × 44). The demo set also needs documents whose MRZ is wrong on purpose, so one chosen
 * check digit can be broken while every other one, the composite included, stays right.
 */
import { parseIsoDate, toYymmdd } from './dates.ts';
import { mrzNameField } from './mrz-names.ts';

export type MrzFormat = 'TD1' | 'TD3';
export type Sex = 'M' | 'F' | 'X';
export type CheckDigitField = 'documentNumber' | 'birthDate' | 'expiryDate' | 'composite';

export interface MrzRecord {
  /** `P` (passport, TD3); `I`, `ID`, `C`, `A`… (identity cards, TD1). */
  documentType: string;
  /** ICAO code of the issuing state or organisation: `UTO`, `IND`; Germany is `D`. */
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  /** YYYY-MM-DD */
  expiryDate: string;
  /** TD3: the personal number field (14); TD1: the first optional data field (15). */
  optionalData?: string;
}

export interface MrzOptions {
  /** Write a wrong digit in this check digit position. */
  break?: CheckDigitField;
}

const WEIGHTS = [7, 3, 1];

/** The ICAO check digit of a field: 0–9 count as themselves, A–Z as 10–35, `<` as 0. */
export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const char = field[i] ?? '';
    let value: number;
    if (char >= '0' && char <= '9') value = char.charCodeAt(0) - 48;
    else if (char >= 'A' && char <= 'Z') value = char.charCodeAt(0) - 55;
    else if (char === '<') value = 0;
    else throw new Error(`check digit: ${JSON.stringify(char)} is not an MRZ character`);
    sum += value * (WEIGHTS[i % 3] ?? 0);
  }
  return String(sum % 10);
}

export function composeMrz(record: MrzRecord, format: MrzFormat, options: MrzOptions = {}): string[] {
  return format === 'TD1' ? composeTd1(record, options) : composeTd3(record, options);
}

export function composeTd3(record: MrzRecord, options: MrzOptions = {}): [string, string] {
  const fields = commonFields(record, options);
  if (!record.documentType.startsWith('P')) {
    throw new Error(`TD3 is the passport format: document type must start with P, got ${record.documentType}`);
  }
  if (fields.documentNumber.length > 9) {
    throw new Error(`TD3 document number: at most 9 characters, got ${fields.documentNumber}`);
  }
  const optional = fitted(record.optionalData ?? '', 14, 'TD3 optional data');
  const documentNumber = fields.documentNumber.padEnd(9, '<');
  const line1 = fields.documentType + fields.issuingState + mrzNameField(record.surname, record.givenNames, 39);
  const body =
    documentNumber +
    fields.digit('documentNumber', documentNumber) +
    fields.nationality +
    fields.birthDate +
    fields.digit('birthDate', fields.birthDate) +
    fields.sex +
    fields.expiryDate +
    fields.digit('expiryDate', fields.expiryDate) +
    optional +
    checkDigit(optional);
  const composite = body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43);
  return [line1, body + fields.digit('composite', composite)];
}

export function composeTd1(record: MrzRecord, options: MrzOptions = {}): [string, string, string] {
  const fields = commonFields(record, options);
  if (!/^[ACI]/.test(record.documentType)) {
    throw new Error(`TD1 document type must start with A, C or I, got ${record.documentType}`);
  }
  // Doc 9303 Part 5 §4.2.4: a number longer than 9 keeps its first 9 characters in place, a `<`
  // where the check digit would be, and continues, with its check digit, in the optional data.
  const number = fields.documentNumber;
  const numberDigit = fields.digit('documentNumber', number.padEnd(9, '<'));
  const [principal, numberField, overflow] =
    number.length <= 9
      ? [number.padEnd(9, '<'), numberDigit, '']
      : [number.slice(0, 9), '<', `${number.slice(9)}${numberDigit}<`];
  const optional = fitted(overflow + (record.optionalData ?? ''), 15, 'TD1 document number overflow and optional data');
  const line1 = fields.documentType + fields.issuingState + principal + numberField + optional;
  const line2Body =
    fields.birthDate +
    fields.digit('birthDate', fields.birthDate) +
    fields.sex +
    fields.expiryDate +
    fields.digit('expiryDate', fields.expiryDate) +
    fields.nationality +
    '<'.repeat(11);
  const composite = line1.slice(5, 30) + line2Body.slice(0, 7) + line2Body.slice(8, 15) + line2Body.slice(18, 29);
  const line2 = line2Body + fields.digit('composite', composite);
  return [line1, line2, mrzNameField(record.surname, record.givenNames, 30)];
}

/** The fields both formats share, validated, and a check digit writer that honours `break`. */
function commonFields(record: MrzRecord, options: MrzOptions) {
  const documentType = code(record.documentType, 2, 'document type');
  const issuingState = code(record.issuingState, 3, 'issuing state');
  const nationality = code(record.nationality, 3, 'nationality');
  if (!/^[A-Z0-9]+$/.test(record.documentNumber)) {
    throw new Error(`document number: letters A–Z and digits only, got ${JSON.stringify(record.documentNumber)}`);
  }
  if (!['M', 'F', 'X'].includes(record.sex)) throw new Error(`sex: M, F or X, got ${JSON.stringify(record.sex)}`);
  return {
    documentType,
    issuingState,
    nationality,
    documentNumber: record.documentNumber,
    // The MRZ writes an unspecified sex as a filler; the printed page shows X.
    sex: record.sex === 'X' ? '<' : record.sex,
    birthDate: toYymmdd(parseIsoDate(record.birthDate, 'birth date')),
    expiryDate: toYymmdd(parseIsoDate(record.expiryDate, 'expiry date')),
    digit(field: CheckDigitField, value: string): string {
      const digit = checkDigit(value);
      return options.break === field ? String((Number(digit) + 1) % 10) : digit;
    },
  };
}

/** A code of letters padded with fillers: `P` → `P<`, `D` → `D<<`. */
function code(value: string, width: number, what: string): string {
  if (!new RegExp(`^[A-Z][A-Z<]{0,${width - 1}}$`).test(value)) {
    throw new Error(`${what}: 1 to ${width} letters A–Z, got ${JSON.stringify(value)}`);
  }
  return value.padEnd(width, '<');
}

function fitted(value: string, width: number, what: string): string {
  if (!/^[A-Z0-9<]*$/.test(value)) throw new Error(`${what}: A–Z, 0–9 and < only, got ${JSON.stringify(value)}`);
  if (value.length > width) throw new Error(`${what}: at most ${width} characters, got ${value} (${value.length})`);
  return value.padEnd(width, '<');
}
