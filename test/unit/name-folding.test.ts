import { describe, expect, it } from 'vitest';
import { foldIcao, foldToBase, searchSpellings } from '../../common/domain/name-folding.ts';

describe('name folding', () => {
  it.each([
    ['Müller', 'Muller', 'Mueller'],
    ['Ærø', 'AEro', 'AEroe'],
    ['Ødegård', 'Odegard', 'OEdegaard'],
    ['Straße', 'Strasse', 'Strasse'],
    ['Łukasz Wójcik', 'Lukasz Wojcik', 'Lukasz Wojcik'],
    ['Đorđević', 'Dordevic', 'Dordevic'],
    ['Yılmaz', 'Yilmaz', 'Yilmaz'],
    ['Ștefan Țăranu', 'Stefan Taranu', 'Stefan Taranu'],
    ['Núñez', 'Nunez', 'Nunez'],
  ])('%s → %s (keyboard), %s (ICAO)', (name, base, icao) => {
    expect(foldToBase(name)).toBe(base);
    expect(foldIcao(name)).toBe(icao);
  });

  it('lists each spelling once', () => {
    expect(searchSpellings('Smith')).toBe('Smith');
    expect(searchSpellings('Müller')).toBe('Müller Muller Mueller');
  });
});
