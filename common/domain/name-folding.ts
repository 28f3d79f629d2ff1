// Letters that are letters of their own, not a base letter with a mark, so Unicode
// decomposition leaves them alone: folded by hand to what a keyboard without them types.
const BASE: Record<string, string> = {
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  ẞ: 'SS',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
  þ: 'th',
  Þ: 'TH',
  ħ: 'h',
  Ħ: 'H',
};

// ICAO Doc 9303 Part 3 transliterations that differ from dropping the mark.
const ICAO: Record<string, string> = {
  ä: 'ae',
  Ä: 'AE',
  ö: 'oe',
  Ö: 'OE',
  ü: 'ue',
  Ü: 'UE',
  å: 'aa',
  Å: 'AA',
  ø: 'oe',
  Ø: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
};

const stripMarks = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '');

/** The name as typed on a keyboard without its letters: Ødegård → Odegard, Łukasz → Lukasz, Müller → Muller. */
export function foldToBase(text: string): string {
  return stripMarks([...text.normalize('NFC')].map((char) => BASE[char] ?? char).join(''));
}

/** The name as an MRZ spells it (ICAO Doc 9303 Part 3): Müller → Mueller, Ødegård → Oedegaard. */
export function foldIcao(text: string): string {
  return foldToBase([...text.normalize('NFC')].map((char) => ICAO[char] ?? char).join(''));
}

/** Every spelling a search should find a name under, without repeats. */
export function searchSpellings(text: string): string {
  // Most names on file are plain ASCII, which has nothing to fold.
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return [...new Set([text, foldToBase(text), foldIcao(text)])].join(' ');
}
