import { describe, expect, it } from 'vitest';
import { MrzResultSchema, type MrzCheckDigitName, type MrzResult, type ParsedMrz } from '../../common/checks/mrz.ts';
import { parseMrz } from '../../electron/services/documents/mrz/parse-mrz.ts';
import { checkDigit, composeMrz, type CheckDigitField, type MrzRecord } from '../../server/demo/mrz.ts';
import { transliterateName } from '../../server/demo/mrz-names.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { ANNA, ANNA_CARD } from '../support/icao-specimen.ts';

const NOW = new Date('2026-03-01T12:00:00Z');

/** ICAO Doc 9303 specimens, as printed in the specification (Part 4, 5, 6, 7) and domain.md. */
const SPECIMEN_TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';
const SPECIMEN_TD1 = 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<';
const SPECIMEN_TD2 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6';
const SPECIMEN_MRV_A = 'V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<';
const JAPANESE_TD3 = 'P<JPNSPECIMEN<<HANAKO<<<<<<<<<<<<<<<<<<<<<<<\nXS12345673JPN7902206F1101018<<<<<<<<<<<<<<00';

function parsed(text: string, now = NOW): ParsedMrz {
  const result = MrzResultSchema.parse(parseMrz(text, { now }));
  if (!result.ok) throw new Error(`expected a parse, got ${result.problem.code}: ${result.problem.message.en}`);
  return result;
}

function problem(text: string): MrzResult & { ok: false } {
  const result = MrzResultSchema.parse(parseMrz(text, { now: NOW }));
  if (result.ok) throw new Error(`expected a problem, got a ${result.format} parse`);
  return result;
}

const ALL_PASS = { documentNumber: true, birthDate: true, expiryDate: true };

describe('parseMrz: ICAO specimens', () => {
  it('reads the TD3 passport specimen, every check digit right, expired in 2012', () => {
    const mrz = parsed(SPECIMEN_TD3);
    expect(mrz.format).toBe('TD3');
    expect(mrz.documentType).toBe('passport');
    expect(mrz.fields).toEqual({
      documentCode: 'P',
      issuingState: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2012-04-15',
      optionalData: 'ZE184226B',
      optionalData2: null,
    });
    expect(mrz.checkDigits).toEqual({ ...ALL_PASS, optionalData: true, composite: true });
    expect(mrz.valid).toBe(true);
    expect(mrz.expired).toBe(true);
    // Utopia is the specimen state: flagged for the operator, not an error.
    expect(mrz.findings.map((f) => [f.code, f.severity, f.field])).toEqual([
      ['MRZ_UNKNOWN_STATE', 'warning', 'issuingState'],
      ['MRZ_UNKNOWN_STATE', 'warning', 'nationality'],
    ]);
  });

  it('reads the second TD3 vector of domain.md, with an empty personal number and its 0 check digit', () => {
    const mrz = parsed(JAPANESE_TD3);
    expect(mrz.fields).toMatchObject({
      documentNumber: 'XS1234567',
      birthDate: '1979-02-20',
      expiryDate: '2011-01-01',
    });
    expect(mrz.fields.optionalData).toBe('');
    expect(mrz.checkDigits).toEqual({ ...ALL_PASS, optionalData: true, composite: true });
    expect(mrz.findings).toEqual([]);
    expect(mrz.valid).toBe(true);
  });

  it('reads the TD1 identity card specimen (Part 5)', () => {
    const mrz = parsed(SPECIMEN_TD1);
    expect(mrz.format).toBe('TD1');
    expect(mrz.documentType).toBe('id-card');
    expect(mrz.fields).toMatchObject({
      documentCode: 'I',
      documentNumber: 'D23145890',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      optionalData: '',
      optionalData2: '',
    });
    expect(mrz.checkDigits).toEqual({ ...ALL_PASS, optionalData: null, composite: true });
    expect(mrz.valid).toBe(true);
  });

  it('reads the TD2 specimen (Part 6)', () => {
    const mrz = parsed(SPECIMEN_TD2);
    expect(mrz.format).toBe('TD2');
    expect(mrz.fields).toMatchObject({ documentNumber: 'D23145890', surname: 'ERIKSSON', birthDate: '1974-08-12' });
    expect(mrz.checkDigits).toEqual({ ...ALL_PASS, optionalData: null, composite: true });
    expect(mrz.valid).toBe(true);
  });

  it('reads a machine-readable visa (MRV-A, Part 7): no composite check digit', () => {
    const mrz = parsed(SPECIMEN_MRV_A);
    expect(mrz.documentType).toBe('visa');
    expect(mrz.fields).toMatchObject({ documentNumber: 'L8988901C', nationality: 'XXX', optionalData: '6ZE184226B' });
    expect(mrz.checkDigits).toEqual({ ...ALL_PASS, optionalData: null, composite: null });
    expect(mrz.valid).toBe(true);
  });

  it('matches what the demo generator composes for the specimen holder', () => {
    expect(composeMrz(ANNA, 'TD3').join('\n')).toBe(SPECIMEN_TD3);
    expect(composeMrz(ANNA_CARD, 'TD1').join('\n')).toBe(SPECIMEN_TD1);
  });
});

describe('parseMrz: TD1 document numbers longer than 9 characters', () => {
  const card: MrzRecord = { ...ANNA_CARD, documentNumber: 'D23145890734' };

  it('joins the overflow from the optional data and checks it with the digit that follows it', () => {
    const lines = composeMrz(card, 'TD1');
    // Doc 9303 Part 5 §4.2.4: `<` where the check digit would be, then the rest and its check digit.
    expect(lines[0]).toBe(`I<UTOD23145890<734${checkDigit('D23145890734')}<<<<<<<<<<<`);
    const mrz = parsed(lines.join('\n'));
    expect(mrz.fields.documentNumber).toBe('D23145890734');
    expect(mrz.fields.optionalData).toBe('');
    expect(mrz.checkDigits).toEqual({ ...ALL_PASS, optionalData: null, composite: true });
  });

  it('keeps the optional data that follows a long number apart from it', () => {
    const lines = composeMrz({ ...card, optionalData: 'XYZ42' }, 'TD1');
    const mrz = parsed(lines.join('\n'));
    expect(mrz.fields.documentNumber).toBe('D23145890734');
    expect(mrz.fields.optionalData).toBe('XYZ42');
    expect(mrz.valid).toBe(true);
  });

  it('detects a wrong check digit of a long number', () => {
    const lines = composeMrz(card, 'TD1', { break: 'documentNumber' });
    const mrz = parsed(lines.join('\n'));
    expect(mrz.checkDigits.documentNumber).toBe(false);
    expect(mrz.valid).toBe(false);
  });

  it('handles an overflow that fills the optional data to the end of the line', () => {
    const number = 'AB12345678901234567890C';
    const line1 = `I<UTO${number.slice(0, 9)}<${number.slice(9)}${checkDigit(number)}`;
    expect(line1).toHaveLength(30);
    const line2Body = `7408122F1204159UTO${'<'.repeat(11)}`;
    const composite = checkDigit(
      line1.slice(5, 30) + line2Body.slice(0, 7) + line2Body.slice(8, 15) + line2Body.slice(18, 29),
    );
    const mrz = parsed([line1, line2Body + composite, 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'].join('\n'));
    expect(mrz.fields.documentNumber).toBe(number);
    expect(mrz.checkDigits).toMatchObject({ documentNumber: true, composite: true });
  });
});

describe('parseMrz: check digits', () => {
  const broken: CheckDigitField[] = ['documentNumber', 'birthDate', 'expiryDate', 'composite'];
  for (const layout of ['TD1', 'TD3'] as const) {
    for (const field of broken) {
      it(`${layout}: a wrong ${field} check digit fails that check alone`, () => {
        const record = layout === 'TD1' ? ANNA_CARD : ANNA;
        const mrz = parsed(composeMrz(record, layout, { break: field }).join('\n'));
        const expected: Record<string, boolean | null> = {
          ...ALL_PASS,
          optionalData: layout === 'TD3' ? true : null,
          composite: true,
          [field]: false,
        };
        expect(mrz.checkDigits).toEqual(expected);
        expect(mrz.valid).toBe(false);
        expect(mrz.findings.filter((f) => f.code === 'MRZ_CHECK_DIGIT').map((f) => f.field)).toEqual([field]);
      });
    }
  }

  it('TD3: a wrong personal-number check digit fails it (and the composite, which covers it)', () => {
    const [line1, line2] = composeMrz(ANNA, 'TD3') as [string, string];
    const digit = line2[42]!;
    const wrong = `${line2.slice(0, 42)}${(Number(digit) + 3) % 10}${line2[43]}`;
    const mrz = parsed(`${line1}\n${wrong}`);
    expect(mrz.checkDigits.optionalData).toBe(false);
    expect(mrz.checkDigits.composite).toBe(false);
    expect(mrz.checkDigits.documentNumber).toBe(true);
  });

  it('reports a bad date, sex and name as errors, with both languages', () => {
    const line2 = 'L898902C36UTO7413322Z1204159ZE184226B<<<<<10';
    const mrz = parsed(`P<UTOERIK5SON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n${line2}`);
    const codes = mrz.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['MRZ_BAD_DATE', 'MRZ_BAD_SEX', 'MRZ_BAD_NAME']));
    expect(mrz.fields.birthDate).toBeNull();
    expect(mrz.fields.sex).toBeNull();
    expect(mrz.valid).toBe(false);
    for (const finding of mrz.findings) {
      expect(finding.message.it.length).toBeGreaterThan(20);
      expect(finding.message.en.length).toBeGreaterThan(20);
    }
  });

  it('refuses a calendar date that does not exist (30 February)', () => {
    const body = `L898902C36UTO740230${checkDigit('740230')}F1204159ZE184226B<<<<<1`;
    const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
    const mrz = parsed(`P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n${body}${composite}`);
    expect(mrz.checkDigits.birthDate).toBe(true);
    expect(mrz.fields.birthDate).toBeNull();
    expect(mrz.findings.map((f) => f.code)).toContain('MRZ_BAD_DATE');
  });
});

describe('parseMrz: dates', () => {
  /** A TD3 MRZ with these YYMMDD dates, every check digit right. */
  function withDates(birth: string, expiry: string): string {
    const body = `L898902C36UTO${birth}${checkDigit(birth)}F${expiry}${checkDigit(expiry)}ZE184226B<<<<<${checkDigit('ZE184226B<<<<<')}`;
    const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
    return `P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n${body}${composite}`;
  }
  const now = new Date('2026-06-15T00:00:00Z');

  it.each([
    ['740812', '1974-08-12'],
    ['250101', '2025-01-01'],
    ['260615', '2026-06-15'],
    ['260616', '1926-06-16'],
    ['991231', '1999-12-31'],
    ['000229', '2000-02-29'],
  ])('birth date %s is %s: always in the past', (yymmdd, iso) => {
    expect(parsed(withDates(yymmdd, '300101'), now).fields.birthDate).toBe(iso);
  });

  it.each([
    ['120415', '2012-04-15', true],
    ['260614', '2026-06-14', true],
    ['260615', '2026-06-15', false],
    ['350101', '2035-01-01', false],
    ['461231', '2046-12-31', false],
    ['470101', '1947-01-01', true],
  ])('expiry date %s is %s: within 20 years ahead (expired: %s)', (yymmdd, iso, expired) => {
    const mrz = parsed(withDates('740812', yymmdd), now);
    expect(mrz.fields.expiryDate).toBe(iso);
    expect(mrz.expired).toBe(expired);
  });
});

describe('parseMrz: what the operator may type', () => {
  const lines = SPECIMEN_TD3.split('\n');

  it.each([
    ['lower case', SPECIMEN_TD3.toLowerCase()],
    ['surrounding whitespace', `  \n\t${SPECIMEN_TD3}\n\n  `],
    ['Windows line ends', lines.join('\r\n')],
    ['lines separated by a space', lines.join(' ')],
    ['spaces around the lines', ` ${lines[0]}  \n   ${lines[1]} `],
    ['one run of 88 characters', lines.join('')],
  ])('accepts %s', (_, text) => {
    expect(parsed(text).lines).toEqual(lines);
  });

  it('explains a line that is too short, naming it', () => {
    const result = problem(`${lines[0]}\n${lines[1]!.slice(0, 43)}`);
    expect(result.problem.code).toBe('MRZ_BAD_LENGTH');
    expect(result.problem.message.en).toContain('2 (43)');
    expect(result.problem.message.it).toContain('2 (43)');
    expect(result.problem.message.en).toContain('TD3');
  });

  it('explains characters an MRZ cannot hold, with where they are', () => {
    const result = problem(SPECIMEN_TD3.replace('ERIKSSON', 'ÉRIKSSON').replace('ANNA<', 'ANNA-'));
    expect(result.problem.code).toBe('MRZ_BAD_ALPHABET');
    expect(result.problem.message.en).toContain('«É» (1:6)');
    expect(result.problem.message.en).toContain('«-» (1:20)');
    expect(result.problem.message.it).toContain('A–Z');
  });

  it.each([
    ['a word', 'hello'],
    ['nothing', '   '],
    ['four lines', `${lines[0]}\n${lines[1]}\n${lines[0]}\n${lines[1]}`],
    ['two lines of 30', 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6'],
  ])('refuses %s as an unknown format', (_, text) => {
    const result = problem(text);
    expect(result.problem.code).toBe('MRZ_UNKNOWN_FORMAT');
    expect(result.problem.message.it).toContain('TD1');
    expect(result.problem.message.en).toContain('TD3');
  });

  it('refuses the old French identity card, whose 2 × 36 lines are not ICAO TD2', () => {
    const result = problem('IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013\n0506932020438CHRISTIANE<<NI2906209F3');
    expect(result.problem.code).toBe('MRZ_UNKNOWN_FORMAT');
  });
});

describe('parseMrz: properties over generated documents', () => {
  const random = seededRandom(5150);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chars = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  const iso = (year: number) =>
    `${year}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
  const SURNAMES = ['Müller', 'Ødegård', "O'Connor", 'Dela Cruz', 'Nguyễn', 'Wiśniewski', 'Li', 'Ait Ouahmane'];
  const GIVEN = ['Anna Maria', 'Jürg', 'Zoë', 'Jean-Luc', 'Łukasz', 'Åse', 'Mohamed Amine', ''];

  function randomRecord(layout: 'TD1' | 'TD3'): MrzRecord {
    const long = layout === 'TD1' && random() < 0.3;
    return {
      documentType: layout === 'TD3' ? 'P' : pick(['I', 'ID', 'AC', 'C']),
      issuingState: pick(['ITA', 'D', 'FRA', 'UTO', 'IND', 'BRA']),
      surname: pick(SURNAMES),
      givenNames: pick(GIVEN),
      documentNumber: chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', long ? 10 + int(4) : 1 + int(9)),
      nationality: pick(['ITA', 'D', 'FRA', 'UTO', 'IND', 'BRA']),
      birthDate: iso(1930 + int(95)),
      sex: pick(['M', 'F', 'X'] as const),
      expiryDate: iso(2007 + int(39)),
      optionalData: random() < 0.5 ? chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', int(long ? 8 : 12)) : undefined,
    };
  }

  const samples = Array.from({ length: 400 }, (_, i) => {
    const layout = i % 2 === 0 ? ('TD1' as const) : ('TD3' as const);
    const record = randomRecord(layout);
    return { layout, record, lines: composeMrz(record, layout) };
  });

  it('parses every composed MRZ as valid, with the fields it was composed from', () => {
    for (const { layout, record, lines } of samples) {
      const mrz = parsed(lines.join('\n'));
      expect(mrz.format).toBe(layout);
      expect(mrz.valid, lines.join('\n')).toBe(true);
      const expectedSurname = transliterateName(record.surname).replace(/</g, ' ');
      // A long name is cut to fit (mrzNameField): the surname is never cut in these samples.
      expect(mrz.fields.surname).toBe(expectedSurname);
      expect(transliterateName(record.givenNames).replace(/</g, ' ').startsWith(mrz.fields.givenNames)).toBe(true);
      expect(mrz.fields.documentNumber).toBe(record.documentNumber);
      expect(mrz.fields.birthDate).toBe(record.birthDate);
      expect(mrz.fields.expiryDate).toBe(record.expiryDate);
      expect(mrz.fields.sex).toBe(record.sex);
      expect(mrz.fields.optionalData).toBe(record.optionalData ?? '');
      expect(mrz.expired).toBe(record.expiryDate < '2026-03-01');
      expect(JSON.parse(JSON.stringify(mrz))).toEqual(mrz);
    }
  });

  it('detects every change of one digit to another in a field a check digit covers', () => {
    let mutations = 0;
    for (const { layout, lines } of samples) {
      // Positions of the dates in each layout: digits only, each covered by its check digit and the composite.
      const dates =
        layout === 'TD1'
          ? [1, [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13]]
          : [1, [13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26]];
      const [line, columns] = dates as [number, number[]];
      const column = pick(columns);
      const original = lines[line]![column]!;
      const replacement = String((Number(original) + 1 + int(9)) % 10);
      const mutated = lines.map((l, i) => (i === line ? l.slice(0, column) + replacement + l.slice(column + 1) : l));
      const result = parseMrz(mutated.join('\n'), { now: NOW });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const failing = (Object.keys(result.checkDigits) as MrzCheckDigitName[]).filter(
        (k) => result.checkDigits[k] === false,
      );
      expect(failing.length, mutated.join('\n')).toBeGreaterThan(0);
      expect(result.valid).toBe(false);
      mutations++;
    }
    expect(mutations).toBe(samples.length);
  });

  it('never throws, and answers a parse or a coded problem, for mangled input', () => {
    for (const { lines } of samples) {
      const text = lines.join('\n');
      const cut = int(text.length);
      for (const variant of [
        text.slice(0, cut),
        text.slice(cut),
        text.replace('<', 'é'),
        `${text}<`,
        text.replace('\n', ''),
      ]) {
        const result = MrzResultSchema.parse(parseMrz(variant, { now: NOW }));
        if (!result.ok)
          expect(['MRZ_BAD_LENGTH', 'MRZ_BAD_ALPHABET', 'MRZ_UNKNOWN_FORMAT']).toContain(result.problem.code);
      }
    }
  });
});
