import { foldIcao, foldToBase } from '../../../common/domain/name-folding.ts';

/** How two statements of one field compare, worst last. */
export type PairMatch = 'MATCH' | 'PARTIAL' | 'NO_MATCH';

export const worse = (a: PairMatch, b: PairMatch): PairMatch =>
  a === 'NO_MATCH' || b === 'NO_MATCH' ? 'NO_MATCH' : a === 'PARTIAL' || b === 'PARTIAL' ? 'PARTIAL' : 'MATCH';

/**
 * A name as comparable words, once as a keyboard without its letters types it (Müller → MULLER)
 * and once as an MRZ transliterates it (Müller → MUELLER). `<` and punctuation are word breaks.
 */
function nameSpellings(name: string): string[][] {
  const words = (text: string) =>
    text
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, ' ')
      .trim()
      .split(' ')
      .filter(Boolean);
  return [words(foldIcao(name)), words(foldToBase(name))];
}

const isSubset = (small: string[], large: string[]) => small.every((word) => large.includes(word));

/**
 * Names agree when any spelling of one equals any spelling of the other. They agree in part when
 * one leaves out a name the other has, orders them differently, or is the other cut short (an MRZ
 * truncates long names at the end of its line). A different letter is a different name: names
 * carry no check digit, and Rossi is not Rossa.
 */
export function matchNames(a: string, b: string, options: { truncatedSide?: 'a' | 'b' } = {}): PairMatch {
  let best: PairMatch = 'NO_MATCH';
  for (const x of nameSpellings(a)) {
    for (const y of nameSpellings(b)) {
      const [joinedX, joinedY] = [x.join(' '), y.join(' ')];
      if (joinedX === joinedY) return 'MATCH';
      const cut =
        (options.truncatedSide === 'a' && joinedX.length > 0 && joinedY.startsWith(joinedX)) ||
        (options.truncatedSide === 'b' && joinedY.length > 0 && joinedX.startsWith(joinedY));
      const subset = x.length > 0 && y.length > 0 && (isSubset(x, y) || isSubset(y, x));
      if (cut || subset) best = 'PARTIAL';
    }
  }
  return best;
}

/** Dates agree; or in part when day and month are swapped (04/05 for 05/04), the commonest slip on a form. */
export function matchDates(a: string, b: string): PairMatch {
  if (a === b) return 'MATCH';
  const [ya, ma, da] = a.split('-');
  return `${ya}-${da}-${ma}` === b ? 'PARTIAL' : 'NO_MATCH';
}

const documentNumberKey = (value: string) => value.toUpperCase().replace(/[^A-Z0-9]/g, '');
const confusable = (value: string) =>
  value.replace(/O/g, '0').replace(/[IL]/g, '1').replace(/S/g, '5').replace(/B/g, '8');

/** Document numbers agree ignoring spaces, dashes and fillers; in part when only look-alike characters differ (O/0, I/1). */
export function matchDocumentNumbers(a: string, b: string): PairMatch {
  const [x, y] = [documentNumberKey(a), documentNumberKey(b)];
  if (x === y) return 'MATCH';
  return confusable(x) === confusable(y) ? 'PARTIAL' : 'NO_MATCH';
}

/** Sexes agree; in part when one source leaves it unspecified (`X`, an MRZ's `<`). */
export function matchSex(a: string, b: string): PairMatch {
  if (a === b) return 'MATCH';
  return a === 'X' || b === 'X' ? 'PARTIAL' : 'NO_MATCH';
}
