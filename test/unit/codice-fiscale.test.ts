import { describe, expect, it } from 'vitest';
import {
  codiceFiscaleCheckCharacter,
  isCodiceFiscaleShape,
  normalizeTaxId,
  validateCodiceFiscale,
} from '../../common/domain/codice-fiscale.ts';

const MARIO = 'RSSMRA80A01H501U';

/**
 * Omocodia variants of MARIO, substituting 1 to 7 digits from the right. Computed by a separate
 * Python script written from domain.md's tables (not from the code under test).
 */
const MARIO_OMOCODES: [string, number[]][] = [
  ['RSSMRA80A01H50MM', [15]],
  ['RSSMRA80A01H5LMX', [14, 15]],
  ['RSSMRA80A01HRLMS', [13, 14, 15]],
  ['RSSMRA80A0MHRLMK', [11, 13, 14, 15]],
  ['RSSMRA80ALMHRLMV', [10, 11, 13, 14, 15]],
  ['RSSMRA8LALMHRLMG', [8, 10, 11, 13, 14, 15]],
  ['RSSMRAULALMHRLMD', [7, 8, 10, 11, 13, 14, 15]],
];

describe('codice fiscale: existing exports', () => {
  it('computes the check character of the domain.md example', () => {
    expect(codiceFiscaleCheckCharacter('RSSMRA80A01H501')).toBe('U');
  });

  it('recognises the shape, omocodia included, and rejects a wrong check character', () => {
    expect(isCodiceFiscaleShape(MARIO)).toBe(true);
    for (const [code] of MARIO_OMOCODES) expect(isCodiceFiscaleShape(code)).toBe(true);
    expect(isCodiceFiscaleShape('RSSMRA80A01H501X')).toBe(false);
  });
});

describe('validateCodiceFiscale', () => {
  it('decodes a valid male codice fiscale born in Italy', () => {
    const result = validateCodiceFiscale(MARIO);
    expect(result).toMatchObject({ value: MARIO, valid: true, problems: [] });
    expect(result.decoded).toEqual({
      base: MARIO,
      omocodiaPositions: [],
      omocodiaFromTheRight: true,
      sex: 'M',
      birthDate: { day: 1, month: 1, twoDigitYear: 80, candidates: ['1980-01-01'], centuryAmbiguous: false },
      birthplace: { code: 'H501', abroad: false },
    });
  });

  it('normalises lower case and spaces', () => {
    const result = validateCodiceFiscale('  rssmra 80a01\th501u ');
    expect(result.valid).toBe(true);
    expect(result.value).toBe(MARIO);
    expect(normalizeTaxId(' ab c\n')).toBe('ABC');
  });

  it('decodes a female codice fiscale (day + 40)', () => {
    const result = validateCodiceFiscale('VRDGNN85M52F205S');
    expect(result.valid).toBe(true);
    expect(result.decoded?.sex).toBe('F');
    expect(result.decoded?.birthDate).toMatchObject({ day: 12, month: 8, candidates: ['1985-08-12'] });
  });

  it('says when the person was born abroad and keeps the Z-code', () => {
    const result = validateCodiceFiscale('BNCLRA00B69Z112S');
    expect(result.valid).toBe(true);
    expect(result.decoded?.birthplace).toEqual({ code: 'Z112', abroad: true });
    // 29 February exists in 2000 but not in 1900: only one century is possible.
    expect(result.decoded?.birthDate).toMatchObject({ candidates: ['2000-02-29'], centuryAmbiguous: false });
  });

  it('notes the century ambiguity and drops dates in the future', () => {
    const both = validateCodiceFiscale('RSSMRA10A01H501B', { today: new Date('2026-11-23') });
    expect(both.decoded?.birthDate).toMatchObject({ candidates: ['2010-01-01', '1910-01-01'], centuryAmbiguous: true });
    const past = validateCodiceFiscale('RSSMRA10A01H501B', { today: new Date('2005-06-01') });
    expect(past.decoded?.birthDate).toMatchObject({ candidates: ['1910-01-01'], centuryAmbiguous: false });
  });

  it.each(MARIO_OMOCODES)('decodes the omocodia variant %s back to the base code', (code, positions) => {
    const result = validateCodiceFiscale(code);
    expect(result.valid).toBe(true);
    expect(result.decoded?.base).toBe(MARIO);
    expect(result.decoded?.omocodiaPositions).toEqual([...positions].sort((a, b) => a - b));
    expect(result.decoded?.omocodiaFromTheRight).toBe(true);
    expect(result.decoded?.birthDate.candidates).toEqual(['1980-01-01']);
    expect(result.decoded?.birthplace.code).toBe('H501');
  });

  it('decodes every combination of substituted positions and flags those not taken from the right', () => {
    const positions = [7, 8, 10, 11, 13, 14, 15];
    const letters = 'LMNPQRSTUV';
    for (let mask = 1; mask < 1 << positions.length; mask++) {
      const chosen = positions.filter((_, i) => mask & (1 << i));
      const chars = MARIO.slice(0, 15).split('');
      for (const p of chosen) chars[p - 1] = letters[Number(chars[p - 1])]!;
      const first15 = chars.join('');
      const code = first15 + codiceFiscaleCheckCharacter(first15);
      const result = validateCodiceFiscale(code);
      expect(result.valid, code).toBe(true);
      expect(result.decoded?.base).toBe(MARIO);
      expect(result.decoded?.omocodiaPositions).toEqual(chosen);
      const fromTheRight = chosen.every((p) => positions.filter((q) => q > p).every((q) => chosen.includes(q)));
      expect(result.decoded?.omocodiaFromTheRight, code).toBe(fromTheRight);
    }
  });

  it('reports a wrong check character with the one expected', () => {
    const result = validateCodiceFiscale('RSSMRA80A01H501X');
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'CHECK_CHARACTER', position: 16, found: 'X', expected: 'U' }),
    ]);
    expect(result.problems[0]?.message.it).toContain('atteso U');
    expect(result.problems[0]?.message.en).toContain('expected U');
    // Still decoded: the operator can ask about a probable typo.
    expect(result.decoded?.birthDate.candidates).toEqual(['1980-01-01']);
  });

  it('reports the check character expected for an omocodia variant with a typo', () => {
    const result = validateCodiceFiscale('RSSMRA80A01H50MU');
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CHECK_CHARACTER', expected: 'M' })]);
  });

  it('treats a digit in the check position as a wrong check character', () => {
    const result = validateCodiceFiscale('RSSMRA80A01H5019');
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CHECK_CHARACTER', found: '9', expected: 'U' })]);
  });

  it('names each position that breaks the layout', () => {
    const month = validateCodiceFiscale('RSSMRA80Z01H501U');
    expect(month.problems).toEqual([expect.objectContaining({ code: 'CHARACTER', position: 9, found: 'Z' })]);
    expect(month.problems[0]?.message.en).toContain('month letter');

    const two = validateCodiceFiscale('R5SMRA80A01H5O1U');
    expect(two.problems.map((p) => [p.code, p.position, p.found])).toEqual([
      ['CHARACTER', 2, '5'],
      ['CHARACTER', 14, 'O'],
    ]);
    expect(two.decoded).toBeNull();
  });

  it('rejects impossible days and dates', () => {
    expect(validateCodiceFiscale('RSSMRA80A35H501K').problems).toEqual([
      expect.objectContaining({ code: 'DAY', position: 10, found: '35' }),
    ]);
    expect(validateCodiceFiscale('RSSMRA80B31H501W').problems).toEqual([expect.objectContaining({ code: 'DATE' })]);
  });

  it('rejects empty input and wrong lengths', () => {
    expect(validateCodiceFiscale('   ').problems).toEqual([expect.objectContaining({ code: 'EMPTY' })]);
    const short = validateCodiceFiscale('RSSMRA80A01H501');
    expect(short.valid).toBe(false);
    expect(short.problems).toEqual([expect.objectContaining({ code: 'LENGTH' })]);
    expect(short.problems[0]?.message.en).toContain('15');
    expect(validateCodiceFiscale(`${MARIO}X`).problems[0]?.code).toBe('LENGTH');
  });
});
