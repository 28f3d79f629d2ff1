/**
 * Names in the MRZ (ICAO Doc 9303 Part 3 §6, Part 4 §4.6): only A–Z and the filler `<`.
 * Multinational Latin letters follow ICAO's transliteration table; where it offers a choice
 * (Ä → AE or A) we take the two-letter form, which the German, Nordic and Dutch issuers use.
 */
const TRANSLITERATION: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ö: 'OE',
  Ø: 'OE',
  Œ: 'OE',
  Ü: 'UE',
  ß: 'SS',
  ẞ: 'SS',
  Þ: 'TH',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  Ĳ: 'IJ',
  Ł: 'L',
  Ŀ: 'L',
  Ŋ: 'N',
  Ŧ: 'T',
  // Separators between name components become a filler; apostrophes join the parts
  // (D'ARTAGNAN → DARTAGNAN) and full stops are dropped, as Part 4 §4.6 prescribes.
  ' ': '<',
  '-': '<',
  '‐': '<',
  ',': '<',
  "'": '',
  '’': '',
  ʼ: '',
  '`': '',
  '.': '',
};

/** `Müller-Lüdenscheidt` → `MUELLER<LUEDENSCHEIDT`; throws on a character ICAO gives no Latin form for. */
export function transliterateName(name: string, what = 'name'): string {
  let out = '';
  for (const char of name.normalize('NFC').toUpperCase()) {
    const mapped = TRANSLITERATION[char];
    if (mapped !== undefined) out += mapped;
    else if (/^[A-Z]$/.test(char)) out += char;
    else out += stripDiacritics(char, what, name);
  }
  return out.replace(/<+/g, '<').replace(/^<|<$/g, '');
}

/** É → E, Ș → S: the base letter when the rest of the decomposition is only combining marks. */
function stripDiacritics(char: string, what: string, name: string): string {
  const decomposed = char.normalize('NFD');
  const base = decomposed[0] ?? '';
  if (/^[A-Z]$/.test(base) && /^\p{M}*$/u.test(decomposed.slice(1))) return base;
  throw new Error(`${what} ${JSON.stringify(name)}: ${JSON.stringify(char)} has no MRZ transliteration`);
}

/**
 * The name field: primary identifier, `<<`, secondary identifier, padded with `<` to `width`.
 * A name that does not fit is cut from the end of the given names; the surname is cut only as
 * far as it must to leave room for the separator and the first given-name initial.
 */
export function mrzNameField(surname: string, givenNames: string, width: number): string {
  const primary = transliterateName(surname, 'surname');
  const secondary = transliterateName(givenNames, 'given names');
  if (!primary) throw new Error(`surname ${JSON.stringify(surname)} is empty once written for the MRZ`);
  const roomForPrimary = secondary ? width - 3 : width;
  const name = secondary ? `${primary.slice(0, roomForPrimary)}<<${secondary}` : primary.slice(0, roomForPrimary);
  return name.slice(0, width).padEnd(width, '<');
}
