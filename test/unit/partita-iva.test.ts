import { describe, expect, it } from 'vitest';
import { partitaIvaCheckDigit, validatePartitaIva } from '../../common/domain/partita-iva.ts';

/** Textbook Luhn, doubling every second digit from the right: written independently of the module. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Completes ten digits with the only last digit that makes the textbook Luhn check pass. */
function withLuhnDigit(first10: string): string {
  const digit = [...'0123456789'].find((d) => luhnValid(first10 + d));
  return first10 + digit;
}

describe('validatePartitaIva', () => {
  it('accepts the domain.md example', () => {
    expect(validatePartitaIva('00743110157')).toEqual({
      value: '00743110157',
      hadCountryPrefix: false,
      valid: true,
      problems: [],
      officeCode: '015',
    });
  });

  it('accepts the IT prefix and spaces', () => {
    const result = validatePartitaIva(' it 007 431 101 57 ');
    expect(result).toMatchObject({ value: '00743110157', hadCountryPrefix: true, valid: true });
  });

  it('agrees with textbook Luhn on the check digit', () => {
    for (const body of ['0074311015', '1234567001', '9876543100', '0000001120']) {
      expect(body + partitaIvaCheckDigit(body)).toBe(withLuhnDigit(body));
    }
  });

  it('catches every single-digit change of a valid number', () => {
    const valid = '00743110157';
    for (let i = 0; i < 11; i++) {
      for (const d of '0123456789') {
        if (d === valid[i]) continue;
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        const result = validatePartitaIva(changed);
        expect(result.valid, changed).toBe(false);
      }
    }
    const wrongLast = validatePartitaIva('00743110158');
    expect(wrongLast.problems).toEqual([
      expect.objectContaining({ code: 'CHECK_DIGIT', position: 11, found: '8', expected: '7' }),
    ]);
  });

  it.each(['001', '050', '100', '120', '121', '888', '999'])('accepts office code %s', (office) => {
    expect(validatePartitaIva(withLuhnDigit(`1234567${office}`)).valid).toBe(true);
  });

  it.each(['000', '101', '119', '122', '500', '887', '998'])('rejects office code %s', (office) => {
    const result = validatePartitaIva(withLuhnDigit(`1234567${office}`));
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'OFFICE_CODE', position: 8, found: office })]);
  });

  it('rejects an all-zero taxpayer number even with a correct check digit', () => {
    const result = validatePartitaIva(withLuhnDigit('0000000001'));
    expect(result.problems.map((p) => p.code)).toEqual(['ZERO_NUMBER']);
  });

  it('says what is wrong with the shape', () => {
    expect(validatePartitaIva('').problems[0]?.code).toBe('EMPTY');
    expect(validatePartitaIva('0074311015').problems[0]).toMatchObject({ code: 'LENGTH' });
    expect(validatePartitaIva('007431101570').problems[0]).toMatchObject({ code: 'LENGTH' });
    expect(validatePartitaIva('0074311O157').problems[0]).toMatchObject({
      code: 'NOT_DIGITS',
      position: 8,
      found: 'O',
    });
    for (const problem of validatePartitaIva('00743119157').problems) {
      expect(problem.message.it.length).toBeGreaterThan(10);
      expect(problem.message.en.length).toBeGreaterThan(10);
    }
  });
});
