import type { LocalizedText } from '../checks/text.ts';

const ODD: Record<string, number> = Object.fromEntries(
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => {
    const table = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    const index = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    return [c, table[index] ?? 0];
  }),
);
const EVEN = (c: string): number => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);

/** The check character over the first 15 characters of a codice fiscale (domain.md). */
export function codiceFiscaleCheckCharacter(first15: string): string {
  const sum = first15
    .slice(0, 15)
    .split('')
    .reduce((total, c, i) => total + (i % 2 === 0 ? (ODD[c] ?? 0) : EVEN(c)), 0);
  return String.fromCharCode(65 + (sum % 26));
}

/** Layout and check character of a 16-character codice fiscale, omocodia letters included. */
export function isCodiceFiscaleShape(value: string): boolean {
  const layout = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
  return layout.test(value) && codiceFiscaleCheckCharacter(value) === value[15];
}

/**
 * The codice fiscale a CIE authentication certificate carries: its subject CN is
 * "<codice fiscale>/<serial>" (docs/cie-protocol.md §4). `subject` is Node's X509Certificate
 * `subject` (one attribute per line). Undefined when the CN holds none.
 */
export function codiceFiscaleOfSubject(subject: string): string | undefined {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? '';
  const cf = cn.split('/')[0]?.trim().toUpperCase() ?? '';
  return isCodiceFiscaleShape(cf) ? cf : undefined;
}

/** Tax ids are typed by hand, in any case, often grouped with spaces. */
export function normalizeTaxId(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

const MONTHS = 'ABCDEHLMPRST';
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
/** 1-based positions that hold digits, in the order omocodia replaces them (from the right). */
const OMOCODIA_POSITIONS = [15, 14, 13, 11, 10, 8, 7] as const;

type Slot = 'letter' | 'digit' | 'month';
const SLOTS: readonly Slot[] = [
  ...Array<Slot>(6).fill('letter'),
  'digit',
  'digit',
  'month',
  'digit',
  'digit',
  'letter',
  'digit',
  'digit',
  'digit',
  'letter',
];
const SLOT_TEXT: Record<Slot, LocalizedText> = {
  letter: { it: 'una lettera', en: 'a letter' },
  digit: { it: 'una cifra (o una lettera di omocodia L–V)', en: 'a digit (or an omocodia letter L–V)' },
  month: {
    it: `la lettera del mese (${MONTHS.split('').join(' ')})`,
    en: `a month letter (${MONTHS.split('').join(' ')})`,
  },
};

export type CodiceFiscaleProblemCode = 'EMPTY' | 'LENGTH' | 'CHARACTER' | 'DAY' | 'DATE' | 'CHECK_CHARACTER';

export interface CodiceFiscaleProblem {
  code: CodiceFiscaleProblemCode;
  /** 1-based position of the wrong character, when one is to blame. */
  position?: number;
  found?: string;
  /** What should be there: the check character it should have, or a description of the slot. */
  expected?: string;
  message: LocalizedText;
}

export interface CodiceFiscaleDecoded {
  /** The codice fiscale with omocodia letters turned back into digits and its check character recomputed. */
  base: string;
  /** 1-based positions whose digit was replaced by a letter; empty when there is no omocodia. */
  omocodiaPositions: number[];
  /** False when letters replace digits other than from the right: the Agenzia delle Entrate never issues those. */
  omocodiaFromTheRight: boolean;
  sex: 'M' | 'F';
  birthDate: {
    day: number;
    month: number;
    twoDigitYear: number;
    /** ISO dates the code can mean, newest first, never in the future: the century is not encoded. */
    candidates: string[];
    centuryAmbiguous: boolean;
  };
  /** Cadastral code of the birthplace; `Z…` means born abroad (the Z-code names the state). */
  birthplace: { code: string; abroad: boolean };
}

export interface CodiceFiscaleResult {
  /** The value after trimming, removing spaces and upper-casing. */
  value: string;
  valid: boolean;
  problems: CodiceFiscaleProblem[];
  /** Present when the layout and the date make sense, even if the check character is wrong. */
  decoded: CodiceFiscaleDecoded | null;
}

/**
 * Full validation of a 16-character codice fiscale: which position breaks the layout, which check
 * character was expected, omocodia decoded back, birth date (both centuries), sex and birthplace.
 */
export function validateCodiceFiscale(input: string, options: { today?: Date } = {}): CodiceFiscaleResult {
  const value = normalizeTaxId(input);
  if (value === '') return invalid(value, [problem('EMPTY', { it: 'Nessun valore.', en: 'No value.' })]);
  if (value.length !== 16) {
    return invalid(value, [
      problem('LENGTH', {
        it: `Il codice fiscale ha 16 caratteri, questo ne ha ${value.length}.`,
        en: `A codice fiscale has 16 characters, this one has ${value.length}.`,
      }),
    ]);
  }

  const layoutProblems = SLOTS.flatMap((slot, i) => (fitsSlot(value[i]!, slot) ? [] : [slotProblem(value, i, slot)]));
  // With the first 15 in place, a bad 16th character is just a wrong check character: say which one.
  if (layoutProblems.some((p) => p.position !== 16)) return invalid(value, layoutProblems);
  const expectedCheck = codiceFiscaleCheckCharacter(value);

  const decoded = decode(value, options.today ?? new Date());
  const problems = decoded.problems;
  if (value[15] !== expectedCheck) {
    problems.push({
      code: 'CHECK_CHARACTER',
      position: 16,
      found: value[15]!,
      expected: expectedCheck,
      message: {
        it: `Carattere di controllo errato: atteso ${expectedCheck}, trovato ${value[15]}. Probabile errore di battitura.`,
        en: `Wrong check character: expected ${expectedCheck}, found ${value[15]}. Probably a typing error.`,
      },
    });
  }
  return { value, valid: problems.length === 0, problems, decoded: decoded.result };
}

function fitsSlot(c: string, slot: Slot): boolean {
  if (slot === 'letter') return /^[A-Z]$/.test(c);
  if (slot === 'month') return MONTHS.includes(c);
  return /^[0-9]$/.test(c) || OMOCODIA_LETTERS.includes(c);
}

function slotProblem(value: string, index: number, slot: Slot): CodiceFiscaleProblem {
  const position = index + 1;
  const found = value[index]!;
  return {
    code: 'CHARACTER',
    position,
    found,
    expected: SLOT_TEXT[slot].en,
    message: {
      it: `Posizione ${position}: attesa ${SLOT_TEXT[slot].it}, trovato «${found}».`,
      en: `Position ${position}: expected ${SLOT_TEXT[slot].en}, found '${found}'.`,
    },
  };
}

function decode(value: string, today: Date): { result: CodiceFiscaleDecoded | null; problems: CodiceFiscaleProblem[] } {
  const chars = value.split('');
  const omocodiaPositions: number[] = [];
  for (const position of OMOCODIA_POSITIONS) {
    const digit = OMOCODIA_LETTERS.indexOf(chars[position - 1]!);
    if (digit >= 0) {
      chars[position - 1] = String(digit);
      omocodiaPositions.push(position);
    }
  }
  const first15 = chars.slice(0, 15).join('');
  const base = first15 + codiceFiscaleCheckCharacter(first15);
  const fromTheRight = omocodiaPositions.every((p, i) => p === OMOCODIA_POSITIONS[i]);

  const twoDigitYear = Number(first15.slice(6, 8));
  const month = MONTHS.indexOf(first15[8]!) + 1;
  const dayCode = Number(first15.slice(9, 11));
  const sex = dayCode > 40 ? 'F' : 'M';
  const day = sex === 'F' ? dayCode - 40 : dayCode;
  if (day < 1 || day > 31) {
    return {
      result: null,
      problems: [
        {
          code: 'DAY',
          position: 10,
          found: first15.slice(9, 11),
          message: {
            it: `Posizioni 10–11: giorno ${first15.slice(9, 11)} impossibile (1–31 per gli uomini, 41–71 per le donne).`,
            en: `Positions 10–11: day ${first15.slice(9, 11)} is impossible (1–31 for men, 41–71 for women).`,
          },
        },
      ],
    };
  }

  const candidates = [2000 + twoDigitYear, 1900 + twoDigitYear]
    .map((year) => isoDateIfReal(year, month, day))
    .filter((iso): iso is string => iso !== null && iso <= today.toISOString().slice(0, 10));
  if (candidates.length === 0) {
    return {
      result: null,
      problems: [
        {
          code: 'DATE',
          position: 7,
          found: first15.slice(6, 11),
          message: {
            it: `Posizioni 7–11: la data di nascita ${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${String(twoDigitYear).padStart(2, '0')} non esiste o è nel futuro.`,
            en: `Positions 7–11: the birth date ${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${String(twoDigitYear).padStart(2, '0')} does not exist or is in the future.`,
          },
        },
      ],
    };
  }

  const birthplace = first15.slice(11, 15);
  return {
    problems: [],
    result: {
      base,
      omocodiaPositions: [...omocodiaPositions].sort((a, b) => a - b),
      omocodiaFromTheRight: fromTheRight,
      sex,
      birthDate: { day, month, twoDigitYear, candidates, centuryAmbiguous: candidates.length > 1 },
      birthplace: { code: birthplace, abroad: birthplace.startsWith('Z') },
    },
  };
}

function isoDateIfReal(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function problem(code: CodiceFiscaleProblemCode, message: LocalizedText): CodiceFiscaleProblem {
  return { code, message };
}

function invalid(value: string, problems: CodiceFiscaleProblem[]): CodiceFiscaleResult {
  return { value, valid: false, problems, decoded: null };
}
