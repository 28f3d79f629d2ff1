/**
 * Dates as applicants type them into the form. The form asks for gg/mm/aaaa; people also write
 * 1.3.2025 or 01-03-2025, and some viewers' date pickers write 2025-03-01. All of these are
 * unambiguous. A two-digit year is not, and is refused rather than guessed.
 */

const DAY_FIRST = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Wider than any real birth, issue or signature date; outside it the value is a typing slip. */
const YEARS = { min: 1900, max: 2100 };

/** The ISO date (YYYY-MM-DD) written, or null when it is not a calendar date. */
export function parseFormDate(written: string): string | null {
  const trimmed = written.trim();
  const dayFirst = DAY_FIRST.exec(trimmed);
  const iso = dayFirst ? null : ISO.exec(trimmed);
  const parts = dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : iso ? [iso[1], iso[2], iso[3]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (year < YEARS.min || year > YEARS.max) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

const ROME_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Today's date in Italy, where the help desk works, as YYYY-MM-DD — whatever the workstation's
 * time zone is set to.
 */
export function italianToday(now: Date): string {
  const parts = ROME_DATE.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** DD/MM/YYYY, as the form and the operator write dates. */
export const formatFormDate = (isoDate: string): string => isoDate.split('-').reverse().join('/');
