/**
 * MRZ dates are YYMMDD: the century is inferred. A birth date is in the past (the latest year
 * ending in YY that is not after today); an expiry date lies within 20 years ahead or 80 years
 * behind (documents are issued for at most 10–15 years, and an expired one may be old).
 */
const EXPIRY_YEARS_AHEAD = 20;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const isoOf = (date: CalendarDate): string => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;

function exists(date: CalendarDate): boolean {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return utc.getUTCFullYear() === date.year && utc.getUTCMonth() === date.month - 1 && utc.getUTCDate() === date.day;
}

function today(now: Date): CalendarDate {
  return { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
}

const compare = (a: CalendarDate, b: CalendarDate): number => a.year - b.year || a.month - b.month || a.day - b.day;

function split(yymmdd: string): { yy: number; month: number; day: number } | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  return { yy: Number(yymmdd.slice(0, 2)), month: Number(yymmdd.slice(2, 4)), day: Number(yymmdd.slice(4, 6)) };
}

/** The latest year ≤ `latest` ending in `yy`. */
const latestYearEndingIn = (yy: number, latest: number): number => latest - ((((latest - yy) % 100) + 100) % 100);

/** The calendar date of an MRZ birth date, or null when it is not one. */
export function birthDateOf(yymmdd: string, now: Date): CalendarDate | null {
  const parts = split(yymmdd);
  if (!parts) return null;
  const current = today(now);
  let date = { year: latestYearEndingIn(parts.yy, current.year), month: parts.month, day: parts.day };
  if (compare(date, current) > 0) date = { ...date, year: date.year - 100 };
  return exists(date) ? date : null;
}

export function expiryDateOf(yymmdd: string, now: Date): CalendarDate | null {
  const parts = split(yymmdd);
  if (!parts) return null;
  const date = {
    year: latestYearEndingIn(parts.yy, today(now).year + EXPIRY_YEARS_AHEAD),
    month: parts.month,
    day: parts.day,
  };
  return exists(date) ? date : null;
}

/** A document is expired the day after its expiry date. */
export const isExpired = (expiry: CalendarDate, now: Date): boolean => compare(expiry, today(now)) < 0;
