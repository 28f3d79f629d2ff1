import type { Locale } from '../../../../../common/i18n/locales.ts';

export type DurationUnit = 'second' | 'minute' | 'hour' | 'day';

const SECONDS: Record<DurationUnit, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

/** One unit for every time in a chart or table, chosen so the longest reads as a small number. */
export function unitFor(longestSeconds: number): DurationUnit {
  if (longestSeconds < 120) return 'second';
  if (longestSeconds < 2 * 3600) return 'minute';
  if (longestSeconds < 3 * 86_400) return 'hour';
  return 'day';
}

export const inUnit = (seconds: number, unit: DurationUnit): number => Math.round((seconds / SECONDS[unit]) * 10) / 10;

/** `1.5, 'hour'` → "1,5 h" / "1.5 hr". */
export const formatInUnit = (value: number, unit: DurationUnit, locale: Locale): string =>
  new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);

/** `5400, 'hour'` → "1,5 h" / "1.5 hr". */
export const formatDuration = (seconds: number | null, unit: DurationUnit, locale: Locale): string | null =>
  seconds === null ? null : formatInUnit(inUnit(seconds, unit), unit, locale);
