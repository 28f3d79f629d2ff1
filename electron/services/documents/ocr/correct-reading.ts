/**
 * Turns what was read into MRZ lines, position by position, with the format's layout:
 *
 * - each position admits a type of character (digits in dates, letters in names, M/F/< as the
 *   sex…); the character kept is tesseract's, unless the OCR-B shape matcher clearly prefers
 *   another admitted character (`shape`) or tesseract's is not admitted there (`type`: its
 *   best-matching admitted look-alike is taken);
 * - where the readers disagree and the shapes leave two admitted readings close (0/O in a
 *   document number, say), the check digits decide: the reading kept is the single one that
 *   makes the most check digits hold, and only if every check digit covering a changed
 *   character then holds (`check-digit`).
 *
 * A character that both readers agree on is never changed by the check digits: a document
 * printed with a wrong check digit stays wrong instead of being "corrected" into validity.
 */
import type { MrzCorrection, MrzFormat } from '../../../../common/checks/mrz.ts';
import { checkHolds } from '../mrz/check-digits.ts';
import { resolveLayout, type CharacterKind, type CheckSpec, type FieldSpan } from '../mrz/mrz-layout.ts';
import { SHAPE_ALPHABET } from './glyph-shapes.ts';
import { UNREAD, type CellReading } from './snap-cells.ts';

/** One cell: tesseract's reading and the OCR-B shape scores (null where the cell has no ink). */
export interface CellEvidence extends CellReading {
  shapes: Float32Array | null;
}

export interface CorrectedReading {
  lines: string[];
  corrections: MrzCorrection[];
}

/**
 * The shape matcher overrules tesseract when it prefers another character by this much (OCR-B's
 * 0 and O differ mostly in width: their scores are often only 0.01–0.02 apart)…
 */
const SHAPE_MARGIN = 0.01;
/** …and the cell looks like OCR-B at all (below this, the print is not the typeface we know). */
const SHAPE_MIN = 0.6;
/** Admitted readings whose shapes score this close to the kept one are left to the check digits. */
const CLOSE = 0.03;
/** Look-alikes tried when a character is not admitted and no shape can help, likeliest first. */
const LOOK_ALIKES = ['0ODQ', '1I', '2Z', '5S', '6G', '8B', '<KL', 'MNHW', 'FEPR'];
/** At most this many characters changed by the check digits. */
const CHANGE_BUDGET = 2;

function admits(kind: CharacterKind, char: string, blankCheck: boolean): boolean {
  switch (kind) {
    case 'letters':
      return /^[A-Z<]$/.test(char);
    case 'digits':
      return /^[0-9]$/.test(char);
    case 'any':
      return /^[A-Z0-9<]$/.test(char);
    case 'sex':
      return /^[MF<]$/.test(char);
    case 'check':
      return /^[0-9]$/.test(char) || (blankCheck && char === '<');
    case 'filler':
      return char === '<';
  }
}

interface Open {
  line: number;
  column: number;
  /** The kept reading first, then the close alternatives. */
  options: string[];
  /** The shape score of each option (0 without shapes): the tie-break between check-valid readings. */
  scores: number[];
  checks: CheckSpec[];
}

type Reason = MrzCorrection['reason'];

export function correctReading(format: MrzFormat, cells: readonly (readonly CellEvidence[])[]): CorrectedReading {
  const read = cells.map((line) => line.map((c) => c.char).join(''));
  const layout = resolveLayout(format, read);
  const blankChecks = new Set(
    layout.checks.filter((c) => c.blankAllowed).map((c) => `${c.digit.line}:${c.digit.column}`),
  );
  const covering = (line: number, column: number) =>
    layout.checks.filter(
      (c) =>
        (c.digit.line === line && c.digit.column === column) ||
        c.covers.some((s) => s.line === line && column >= s.start && column < s.end),
    );

  const lines = read.map((l) => [...l]);
  const reasons = new Map<string, Reason>();
  const fields = new Map<string, FieldSpan['field']>();
  const open: Open[] = [];
  for (const span of layout.fields) {
    for (let column = span.start; column < span.end; column++) {
      const cell = cells[span.line]?.[column] ?? { char: UNREAD, confidence: 0, shapes: null };
      const blank = blankChecks.has(`${span.line}:${column}`);
      const allowed = (c: string) => admits(span.kind, c, blank);
      const { kept, alternatives } = decide(cell, allowed);
      const shape = (c: string) => cell.shapes?.[SHAPE_ALPHABET.indexOf(c)] ?? 0;
      fields.set(`${span.line}:${column}`, span.field);
      if (kept !== cell.char) reasons.set(`${span.line}:${column}`, allowed(cell.char) ? 'shape' : 'type');
      lines[span.line]![column] = kept;
      const checks = covering(span.line, column);
      if (alternatives.length > 0 && checks.length > 0) {
        const options = [kept, ...alternatives];
        open.push({ line: span.line, column, options, scores: options.map(shape), checks });
      }
    }
  }
  if (open.length > 0) {
    for (const p of settleByCheckDigits(lines, open, layout.checks))
      reasons.set(`${p.line}:${p.column}`, 'check-digit');
  }

  const final = lines.map((l) => l.join(''));
  const corrections: MrzCorrection[] = [];
  read.forEach((line, l) => {
    [...line].forEach((from, column) => {
      const to = final[l]![column]!;
      const key = `${l}:${column}`;
      if (to !== from) {
        corrections.push({
          line: l,
          column,
          from,
          to,
          field: fields.get(key) ?? 'unknown',
          reason: reasons.get(key) ?? 'type',
        });
      }
    });
  });
  return { lines: final, corrections };
}

/**
 * The reading kept for one cell and, when the cell is in doubt, the admitted readings the check
 * digits may choose instead. A cell is in doubt when tesseract and the shapes disagree and the
 * shapes of the candidates are close, or when there is no shape to go by and tesseract read
 * nothing or a character not admitted here. When the readers agree, it is not.
 */
function decide(cell: CellEvidence, allowed: (c: string) => boolean): { kept: string; alternatives: string[] } {
  const { char, shapes } = cell;
  const best = shapes ? bestShape(shapes, allowed) : null;
  if (!best) return allowed(char) ? { kept: char, alternatives: [] } : forced(char, allowed);
  if (best.char === char) return { kept: char, alternatives: [] };
  const kept = allowed(char) && best.score - best.of(char) < SHAPE_MARGIN ? char : best.char;
  // Tesseract's reading stays a candidate only if its shape is close too: when the shapes clearly
  // tell 5 from S, a check digit must not bring the S back (it may be the one printed wrong).
  const alternatives = best.ranked.filter((c) => c !== kept && best.of(c) >= best.of(kept) - CLOSE);
  return { kept, alternatives };
}

/** The admitted characters by shape, best first; null when the cell looks like no OCR-B glyph. */
function bestShape(shapes: Float32Array, allowed: (c: string) => boolean) {
  const of = (c: string) => shapes[SHAPE_ALPHABET.indexOf(c)] ?? -1;
  const ranked = [...SHAPE_ALPHABET].filter(allowed).sort((a, b) => of(b) - of(a));
  const char = ranked[0]!;
  return of(char) >= SHAPE_MIN ? { char, score: of(char), ranked, of } : null;
}

/** A character not admitted here, with no shape to go by: its look-alikes (anything, if nothing was read). */
function forced(char: string, allowed: (c: string) => boolean): { kept: string; alternatives: string[] } {
  const candidates = char === UNREAD ? [...SHAPE_ALPHABET].filter(allowed) : lookAlikes(char).filter(allowed);
  const kept = fallback(char, allowed);
  return { kept, alternatives: candidates.filter((c) => c !== kept) };
}

/** The likeliest admitted stand-in for a character not admitted here. */
function fallback(char: string, allowed: (c: string) => boolean): string {
  return lookAlikes(char).find(allowed) ?? (allowed('<') ? '<' : (['0', 'M'].find(allowed) ?? '<'));
}

const lookAlikes = (char: string): string[] => [...(LOOK_ALIKES.find((group) => group.includes(char)) ?? '')];

/**
 * Tries the open positions' alternatives (a bounded number of changes) and keeps the reading
 * that makes the most check digits hold, with the fewest changes, then the best shapes — if it
 * is the only such reading, better than the kept one, and holds every check digit covering a
 * change. Returns the positions it changed.
 */
function settleByCheckDigits(lines: string[][], open: Open[], checks: readonly CheckSpec[]): Open[] {
  const holding = () => {
    const text = lines.map((l) => l.join(''));
    return { text, count: checks.filter((c) => checkHolds(c, text)).length };
  };
  const baseline = holding().count;
  type Candidate = { choice: string[]; count: number; changes: number; shape: number };
  const better = (a: Candidate, b: Candidate) =>
    a.count - b.count || b.changes - a.changes || (Math.abs(a.shape - b.shape) > 1e-6 ? a.shape - b.shape : 0);
  let best: Candidate | null = null;
  let tie = false;
  const choice = open.map((p) => p.options[0]!);
  const visit = (index: number, changes: number, shape: number) => {
    if (index === open.length) {
      if (changes === 0) return;
      const { text, count } = holding();
      const confirmed = open.every((p, i) => choice[i] === p.options[0] || p.checks.every((c) => checkHolds(c, text)));
      if (!confirmed || count <= baseline) return;
      const candidate = { choice: [...choice], count, changes, shape };
      const order = best ? better(candidate, best) : 1;
      if (order > 0) [best, tie] = [candidate, false];
      else if (order === 0) tie = true;
      return;
    }
    const position = open[index]!;
    position.options.forEach((option, k) => {
      const cost = k === 0 ? 0 : 1;
      if (changes + cost > CHANGE_BUDGET) return;
      choice[index] = option;
      lines[position.line]![position.column] = option;
      visit(index + 1, changes + cost, shape + position.scores[k]! - position.scores[0]!);
    });
    choice[index] = position.options[0]!;
    lines[position.line]![position.column] = position.options[0]!;
  };
  visit(0, 0, 0);
  const found = best as Candidate | null;
  if (!found || tie) return [];
  const changed: Open[] = [];
  open.forEach((p, i) => {
    lines[p.line]![p.column] = found.choice[i]!;
    if (found.choice[i] !== p.options[0]) changed.push(p);
  });
  return changed;
}
