/**
 * From what an operator types or pastes to MRZ lines: upper case, surrounding whitespace
 * ignored, lines separated by newlines or spaces (or not at all, when the total length says
 * which format it is). What cannot be an MRZ is explained: which characters are not allowed,
 * which line is too long or short, or that the shape matches no format.
 */
import type { MrzFormat } from '../../../../common/checks/mrz.ts';
import type { CheckProblem } from '../../../../common/checks/text.ts';
import { MRZ_SHAPES } from './mrz-layout.ts';

export type NormalisedMrz = { ok: true; format: MrzFormat; lines: string[] } | { ok: false; problem: CheckProblem };

const FORMAT_NAMES: Readonly<Record<MrzFormat, { it: string; en: string }>> = {
  TD1: { it: "TD1 (carta d'identità): 3 righe da 30 caratteri", en: 'TD1 (identity card): 3 lines of 30 characters' },
  TD2: { it: 'TD2: 2 righe da 36 caratteri', en: 'TD2: 2 lines of 36 characters' },
  TD3: { it: 'TD3 (passaporto): 2 righe da 44 caratteri', en: 'TD3 (passport): 2 lines of 44 characters' },
};
const FORMATS = ['TD1', 'TD2', 'TD3'] as const;
/** A line this close to a format's length is that format with characters lost or added. */
const NEAR = 3;

export function normaliseMrzText(text: string): NormalisedMrz {
  const upper = text.toUpperCase().trim();
  const bad = badCharacters(upper);
  if (bad) return { ok: false, problem: bad };
  const byNewline = upper.split(/\s*[\r\n]+\s*/).filter(Boolean);
  const candidates = [byNewline, upper.split(/\s+/).filter(Boolean), [upper.replace(/\s+/g, '')]];
  for (const lines of candidates) {
    const format = exactFormat(lines);
    if (format) return { ok: true, format, lines };
  }
  // One run of characters: split it when its length is exactly a format's total.
  const joined = upper.replace(/\s+/g, '');
  for (const format of FORMATS) {
    const { lines, length } = MRZ_SHAPES[format];
    if (joined.length === lines * length) {
      return {
        ok: true,
        format,
        lines: Array.from({ length: lines }, (_, i) => joined.slice(i * length, (i + 1) * length)),
      };
    }
  }
  return { ok: false, problem: shapeProblem(byNewline.length > 1 ? byNewline : upper.split(/\s+/).filter(Boolean)) };
}

function exactFormat(lines: string[]): MrzFormat | null {
  if (!lines.every((l) => /^[A-Z0-9<]+$/.test(l))) return null;
  return (
    FORMATS.find(
      (f) => lines.length === MRZ_SHAPES[f].lines && lines.every((l) => l.length === MRZ_SHAPES[f].length),
    ) ?? null
  );
}

function badCharacters(upper: string): CheckProblem | null {
  const found: string[] = [];
  const lines = upper.split(/\r?\n/);
  lines.forEach((line, l) => {
    [...line].forEach((char, c) => {
      if (!/[A-Z0-9<\s]/.test(char) && found.length < 5) found.push(`«${char}» (${l + 1}:${c + 1})`);
    });
  });
  if (found.length === 0) return null;
  const list = found.join(', ');
  return {
    code: 'MRZ_BAD_ALPHABET',
    message: {
      it: `La MRZ contiene caratteri non ammessi: ${list} (riga:posizione). Sono ammessi solo le lettere A–Z senza accenti, le cifre 0–9 e il riempitivo <: correggi o ricopia quei caratteri dal documento.`,
      en: `The MRZ contains characters it cannot hold: ${list} (line:position). Only letters A–Z without accents, digits 0–9 and the filler < are allowed: fix or copy those characters again from the document.`,
    },
  };
}

function shapeProblem(lines: string[]): CheckProblem {
  const lengths = lines.map((l) => l.length);
  const near = FORMATS.find(
    (f) => lines.length === MRZ_SHAPES[f].lines && lengths.every((n) => Math.abs(n - MRZ_SHAPES[f].length) <= NEAR),
  );
  if (near) {
    const expected = MRZ_SHAPES[near].length;
    const wrong = lengths.flatMap((n, i) => (n === expected ? [] : [`${i + 1} (${n})`])).join(', ');
    return {
      code: 'MRZ_BAD_LENGTH',
      message: {
        it: `Sembra una MRZ ${FORMAT_NAMES[near].it}, ma queste righe hanno una lunghezza diversa: ${wrong}. Ricopia le righe indicate contando anche i riempitivi < finali.`,
        en: `This looks like a ${FORMAT_NAMES[near].en} MRZ, but these lines have a different length: ${wrong}. Copy those lines again, trailing < fillers included.`,
      },
    };
  }
  const list = lengths.join(', ');
  const shape =
    lines.length === 0
      ? { it: 'nessun carattere', en: 'no characters' }
      : lines.length === 1
        ? { it: `una riga di ${list} caratteri`, en: `one line of ${list} characters` }
        : { it: `${lines.length} righe di ${list} caratteri`, en: `${lines.length} lines of ${list} characters` };
  const all = {
    it: FORMATS.map((f) => FORMAT_NAMES[f].it).join('; '),
    en: FORMATS.map((f) => FORMAT_NAMES[f].en).join('; '),
  };
  return {
    code: 'MRZ_UNKNOWN_FORMAT',
    message: {
      it: `Non è una MRZ riconoscibile: trovate ${shape.it}. Una MRZ è ${all.it}. Copia tutte le righe della zona in fondo al documento, una per riga.`,
      en: `This is not a recognisable MRZ: found ${shape.en}. An MRZ is ${all.en}. Copy every line of the zone at the bottom of the document, one per line.`,
    },
  };
}
