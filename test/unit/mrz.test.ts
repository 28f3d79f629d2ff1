import { describe, expect, it } from 'vitest';
import { transliterateName } from '../../server/demo/mrz-names.ts';
import { ANNA, ANNA_CARD } from '../support/icao-specimen.ts';
import {
  checkDigit,
  composeMrz,
  composeTd1,
  composeTd3,
  type CheckDigitField,
  type MrzFormat,
} from '../../server/demo/mrz.ts';

/**
 * Where Doc 9303 puts each check digit and what it covers, as [line, position, covered ranges]
 * (0-based, end exclusive): written out from the specification, not from the code under test.
 */
const CHECKS: Record<MrzFormat, Record<CheckDigitField, [number, number, [number, number, number][]]>> = {
  TD3: {
    documentNumber: [1, 9, [[1, 0, 9]]],
    birthDate: [1, 19, [[1, 13, 19]]],
    expiryDate: [1, 27, [[1, 21, 27]]],
    composite: [
      1,
      43,
      [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 43],
      ],
    ],
  },
  TD1: {
    documentNumber: [0, 14, [[0, 5, 14]]],
    birthDate: [1, 6, [[1, 0, 6]]],
    expiryDate: [1, 14, [[1, 8, 14]]],
    composite: [
      1,
      29,
      [
        [0, 5, 30],
        [1, 0, 7],
        [1, 8, 15],
        [1, 18, 29],
      ],
    ],
  },
};

function failingChecks(lines: string[], format: MrzFormat): CheckDigitField[] {
  return (Object.entries(CHECKS[format]) as [CheckDigitField, [number, number, [number, number, number][]]][])
    .filter(([, [line, position, ranges]]) => {
      const covered = ranges.map(([l, from, to]) => lines[l]!.slice(from, to)).join('');
      return lines[line]![position] !== checkDigit(covered);
    })
    .map(([field]) => field);
}

describe('check digits (weights 7, 3, 1; A–Z = 10–35; < = 0)', () => {
  it.each([
    ['L898902C3', '6'],
    ['740812', '2'],
    ['120415', '9'],
    ['ZE184226B<<<<<', '1'],
    ['D23145890', '7'],
    ['D23145890734', '9'],
    ['<<<<<<<<<<<<<<', '0'],
  ])('%s → %s', (field, digit) => {
    expect(checkDigit(field)).toBe(digit);
  });

  it('refuses a character the MRZ cannot hold', () => {
    expect(() => checkDigit('ab')).toThrow(/not an MRZ character/);
  });
});

describe('TD3 (passport, 2 × 44)', () => {
  it('composes the ICAO specimen', () => {
    expect(composeTd3(ANNA)).toEqual([
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
      'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    ]);
  });

  it('composes the second specimen line, with empty optional data', () => {
    const record = {
      ...ANNA,
      issuingState: 'JPN',
      nationality: 'JPN',
      documentNumber: 'XS1234567',
      birthDate: '1979-02-20',
      expiryDate: '2011-01-01',
      optionalData: undefined,
    };
    expect(composeTd3(record)[1]).toBe('XS12345673JPN7902206F1101018<<<<<<<<<<<<<<00');
  });

  it('writes an unspecified sex as a filler', () => {
    expect(composeTd3({ ...ANNA, sex: 'X' })[1]![20]).toBe('<');
  });

  it('refuses a document number longer than 9 characters', () => {
    expect(() => composeTd3({ ...ANNA, documentNumber: 'L898902C34' })).toThrow(/at most 9/);
  });

  it('refuses a document type that is not a passport', () => {
    expect(() => composeTd3({ ...ANNA, documentType: 'I' })).toThrow(/start with P/);
  });
});

describe('TD1 (identity card, 3 × 30)', () => {
  it('composes the ICAO specimen', () => {
    expect(composeTd1(ANNA_CARD)).toEqual([
      'I<UTOD231458907<<<<<<<<<<<<<<<',
      '7408122F1204159UTO<<<<<<<<<<<6',
      'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    ]);
  });

  it('continues a long document number, with its check digit, in the optional data', () => {
    const [line1] = composeTd1({ ...ANNA_CARD, documentNumber: 'D23145890734' });
    expect(line1).toBe('I<UTOD23145890<7349<<<<<<<<<<<');
  });

  it('pads one-letter state codes (Germany is D)', () => {
    const [line1, line2] = composeTd1({ ...ANNA_CARD, documentType: 'ID', issuingState: 'D', nationality: 'D' });
    expect(line1.slice(0, 5)).toBe('IDD<<');
    expect(line2.slice(15, 18)).toBe('D<<');
  });

  it('puts optional data after the document number', () => {
    const [line1] = composeTd1({ ...ANNA_CARD, optionalData: 'AB12' });
    expect(line1).toBe('I<UTOD231458907AB12<<<<<<<<<<<');
  });

  it('refuses a passport type and optional data that does not fit', () => {
    expect(() => composeTd1({ ...ANNA_CARD, documentType: 'P' })).toThrow(/A, C or I/);
    expect(() => composeTd1({ ...ANNA_CARD, documentNumber: 'D23145890734', optionalData: 'X'.repeat(12) })).toThrow(
      /at most 15/,
    );
  });
});

describe('names', () => {
  it.each([
    ['Müller', 'MUELLER'],
    // Æ → AE and Ø → OE (Doc 9303 Part 3 §6), so Ærø ends in OE as Øyvind begins with it.
    ['Ærø', 'AEROE'],
    ['Øyvind', 'OEYVIND'],
    ['Straße', 'STRASSE'],
    ['Åsa', 'AASA'],
    ['Jean-Luc  Picard', 'JEAN<LUC<PICARD'],
    ["D'Artagnan", 'DARTAGNAN'],
    ['Ștefan Łukasz', 'STEFAN<LUKASZ'],
    ['Núñez', 'NUNEZ'],
    ['Þórunn', 'THORUNN'],
  ])('%s → %s', (name, written) => {
    expect(transliterateName(name)).toBe(written);
  });

  it('refuses a script ICAO gives no Latin form for here', () => {
    expect(() => transliterateName('Иван')).toThrow(/no MRZ transliteration/);
  });

  it('cuts the given names first, and the surname only to leave room for an initial', () => {
    const long = { ...ANNA_CARD, surname: 'Wolfeschlegelsteinhausen', givenNames: 'Hubert Blaine' };
    expect(composeTd1(long)[2]).toBe('WOLFESCHLEGELSTEINHAUSEN<<HUBE');
    const longer = { ...long, surname: 'Wolfeschlegelsteinhausenbergerdorff' };
    expect(composeTd1(longer)[2]).toBe('WOLFESCHLEGELSTEINHAUSENBER<<H');
    expect(composeTd1({ ...longer, givenNames: '' })[2]).toBe('WOLFESCHLEGELSTEINHAUSENBERGER');
  });

  it('refuses a surname with nothing to write', () => {
    expect(() => composeTd3({ ...ANNA, surname: "'" })).toThrow(/surname .* is empty/);
  });
});

describe('deliberately broken check digits', () => {
  const fields: CheckDigitField[] = ['documentNumber', 'birthDate', 'expiryDate', 'composite'];
  const cases = (['TD1', 'TD3'] as const).flatMap((format) => fields.map((field) => [format, field] as const));

  it.each(cases)('%s: only the %s check digit is wrong', (format, field) => {
    const record = format === 'TD1' ? ANNA_CARD : ANNA;
    expect(failingChecks(composeMrz(record, format), format)).toEqual([]);
    expect(failingChecks(composeMrz(record, format, { break: field }), format)).toEqual([field]);
  });

  it('breaks the check digit of a long TD1 document number where it was moved', () => {
    const [line1, line2] = composeTd1({ ...ANNA_CARD, documentNumber: 'D23145890734' }, { break: 'documentNumber' });
    expect(line1.slice(14, 18)).toBe('<734');
    expect(line1[18]).not.toBe(checkDigit('D23145890734'));
    expect(failingChecks([line1, line2, ''], 'TD1')).not.toContain('composite');
  });
});

describe('input validation', () => {
  it.each([
    [{ birthDate: '1974-02-30' }, /birth date: 1974-02-30 is not a calendar date/],
    [{ expiryDate: '15/04/2012' }, /expiry date: expected a date as YYYY-MM-DD/],
    [{ sex: 'W' as never }, /sex: M, F or X/],
    [{ issuingState: 'uto' }, /issuing state: 1 to 3 letters/],
    [{ nationality: 'UTOP' }, /nationality: 1 to 3 letters/],
    [{ documentNumber: 'L8989-02' }, /document number: letters A–Z and digits only/],
    [{ optionalData: 'ZE 18' }, /optional data: A–Z, 0–9 and < only/],
    [{ optionalData: 'Z'.repeat(15) }, /at most 14/],
  ])('%o', (change, error) => {
    expect(() => composeTd3({ ...ANNA, ...change })).toThrow(error);
  });
});
