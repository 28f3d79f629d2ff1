import { describe, expect, it } from 'vitest';
import type { CrossCheckField, Evidence } from '../../common/checks/cross-check.ts';
import { countryCode } from '../../electron/services/checks/countries.ts';
import { crossCheck } from '../../electron/services/checks/cross-check.ts';
import {
  matchDates,
  matchDocumentNumbers,
  matchNames,
  matchSex,
} from '../../electron/services/checks/field-matching.ts';

const statusOf = (result: ReturnType<typeof crossCheck>, field: CrossCheckField) =>
  result.fields.find((f) => f.field === field)!;

describe('name matching', () => {
  it.each([
    ['Müller', 'MUELLER'],
    ['Müller', 'MULLER'],
    ['Ærø', 'AERO'],
    ['Ødegård', 'OEDEGAARD'],
    ['Łukasz', 'LUKASZ'],
    ['Straße', 'STRASSE'],
    ['García Márquez', 'GARCIA<MARQUEZ'],
    ["O'Brien", 'O BRIEN'],
    ['Jean-Luc', 'JEAN<LUC'],
    ['  anna   maria ', 'ANNA MARIA'],
  ])('%s and %s match', (a, b) => expect(matchNames(a, b)).toBe('MATCH'));

  it.each([
    ['Anna Maria', 'ANNA'],
    ['Maria Anna', 'ANNA MARIA'],
  ])('%s and %s match in part', (a, b) => expect(matchNames(a, b)).toBe('PARTIAL'));

  it('accepts a cut-short name only on the MRZ side', () => {
    expect(matchNames('Wolfeschlegelsteinhausen', 'WOLFESCHLEGELSTEIN', { truncatedSide: 'b' })).toBe('PARTIAL');
    expect(matchNames('Wolfeschlegelsteinhausen', 'WOLFESCHLEGELSTEIN')).toBe('NO_MATCH');
  });

  it.each([
    ['Rossi', 'Bianchi'],
    ['Anna', 'Hanna Maria'],
    ['Li', 'Lu'],
    ['Rossi', 'ROSSA'],
    ['Schwarzenegger', 'SCHWARZENEGER'],
  ])('%s and %s do not match', (a, b) => expect(matchNames(a, b)).toBe('NO_MATCH'));
});

describe('other fields', () => {
  it('compares dates, noticing day and month swapped', () => {
    expect(matchDates('1974-08-12', '1974-08-12')).toBe('MATCH');
    expect(matchDates('1974-05-04', '1974-04-05')).toBe('PARTIAL');
    expect(matchDates('1974-08-12', '1975-08-12')).toBe('NO_MATCH');
  });

  it('compares document numbers ignoring separators, noticing look-alike characters', () => {
    expect(matchDocumentNumbers('L898902C3', 'l898 902-c3')).toBe('MATCH');
    expect(matchDocumentNumbers('AB1234567', 'AB123456<')).toBe('NO_MATCH');
    expect(matchDocumentNumbers('CA0123456', 'CAO123456')).toBe('PARTIAL');
    expect(matchDocumentNumbers('XI2345678', 'X12345678')).toBe('PARTIAL');
    expect(matchDocumentNumbers('L898902C3', 'L898902C4')).toBe('NO_MATCH');
  });

  it('treats an unspecified sex as a partial match', () => {
    expect(matchSex('F', 'F')).toBe('MATCH');
    expect(matchSex('F', 'X')).toBe('PARTIAL');
    expect(matchSex('F', 'M')).toBe('NO_MATCH');
  });

  it('reads countries as codes, ICAO codes and names in five languages', () => {
    expect(countryCode('SE')).toBe('SE');
    expect(countryCode('SWE')).toBe('SE');
    expect(countryCode('D')).toBe('DE');
    expect(countryCode('D<<')).toBe('DE');
    expect(countryCode('GBD')).toBe('GB');
    expect(countryCode('Svezia')).toBe('SE');
    expect(countryCode('Allemagne')).toBe('DE');
    expect(countryCode('Alemania')).toBe('DE');
    expect(countryCode('Österreich')).toBe('AT');
    expect(countryCode('oesterreich')).toBe(undefined);
    expect(countryCode('Costa d’Avorio')).toBe('CI');
    expect(countryCode('Svedese')).toBe(undefined);
    expect(countryCode('UTO')).toBe(undefined);
  });
});

const WEB: Evidence = { surname: 'Müller', givenNames: 'Anna Maria', nationality: 'DE', birthDate: '1974-08-12' };
const PDF: Evidence = {
  surname: 'MÜLLER',
  givenNames: 'Anna Maria',
  birthDate: '1974-08-12',
  nationality: 'Germania',
  documentNumber: 'C01X00T47',
  expiryDate: '2031-04-15',
  sex: 'F',
};
const MRZ: Evidence = {
  surname: 'MUELLER',
  givenNames: 'ANNA MARIA',
  birthDate: '1974-08-12',
  nationality: 'D',
  documentNumber: 'C01X00T47',
  expiryDate: '2031-04-15',
  sex: 'F',
};

describe('three-way cross-check', () => {
  it('matches every field when the three sources agree', () => {
    const result = crossCheck({ web: WEB, pdf: PDF, mrz: MRZ });
    expect(result.fields.map((f) => [f.field, f.status])).toEqual([
      ['surname', 'MATCH'],
      ['givenNames', 'MATCH'],
      ['birthDate', 'MATCH'],
      ['nationality', 'MATCH'],
      ['documentNumber', 'MATCH'],
      ['expiryDate', 'MATCH'],
      ['sex', 'MATCH'],
    ]);
    expect(result.worst).toBe('MATCH');
    expect(statusOf(result, 'surname').values).toEqual({ web: 'Müller', pdf: 'MÜLLER', mrz: 'MUELLER' });
  });

  it('names the sources that disagree, with their values, in both languages', () => {
    const result = crossCheck({ web: WEB, pdf: { ...PDF, documentNumber: 'C01X00T48' }, mrz: MRZ });
    const number = statusOf(result, 'documentNumber');
    expect(number.status).toBe('NO_MATCH');
    expect(number.why.it).toContain('C01X00T48');
    expect(number.why.en).toContain('PDF form');
    expect(result.worst).toBe('NO_MATCH');
  });

  it('takes the worst pair: web and MRZ agree, the PDF does not', () => {
    const result = crossCheck({ web: WEB, pdf: { ...PDF, nationality: 'Austria' }, mrz: MRZ });
    expect(statusOf(result, 'nationality').status).toBe('NO_MATCH');
  });

  it('reports a field stated by one source only as missing, naming where it is missing', () => {
    const { documentNumber, ...withoutNumber } = PDF;
    void documentNumber;
    const result = crossCheck({ web: WEB, pdf: withoutNumber });
    const number = statusOf(result, 'documentNumber');
    expect(number.status).toBe('MISSING');
    expect(number.missingFrom).toEqual(['pdf']);
    // The web form asks for no document data: it is never "missing" there.
    expect(statusOf(result, 'expiryDate').missingFrom).toEqual([]);
  });

  it('flags a nationality it cannot read as partial, asking for a look', () => {
    const result = crossCheck({ web: WEB, pdf: { ...PDF, nationality: 'Tedesca' }, mrz: MRZ });
    const nationality = statusOf(result, 'nationality');
    expect(nationality.status).toBe('PARTIAL');
    expect(nationality.why.en).toContain('not recognisable as a country');
  });

  it('treats blank values as absent', () => {
    const result = crossCheck({ web: { ...WEB, surname: '  ' }, mrz: MRZ });
    expect(statusOf(result, 'surname').status).toBe('MISSING');
    expect(statusOf(result, 'surname').missingFrom).toEqual(['web']);
  });
});
