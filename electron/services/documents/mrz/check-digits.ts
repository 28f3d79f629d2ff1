import type { MrzCheckDigits } from '../../../../common/checks/mrz.ts';
import { checkDigitOf } from './check-digit.ts';
import { textOf, type CheckSpec, type ResolvedLayout } from './mrz-layout.ts';

/** Whether the check digit `spec` describes matches what it covers in `lines`. */
export function checkHolds(spec: CheckSpec, lines: readonly string[]): boolean {
  const digit = lines[spec.digit.line]?.[spec.digit.column] ?? '';
  const covered = textOf(lines, spec.covers);
  if (spec.blankAllowed && /^<*$/.test(covered)) return digit === '<' || digit === '0';
  return /^[0-9]$/.test(digit) && digit === checkDigitOf(covered);
}

export function verifyCheckDigits(layout: ResolvedLayout, lines: readonly string[]): MrzCheckDigits {
  const result: MrzCheckDigits = {
    documentNumber: false,
    birthDate: false,
    expiryDate: false,
    optionalData: null,
    composite: null,
  };
  for (const spec of layout.checks) result[spec.name] = checkHolds(spec, lines);
  return result;
}
