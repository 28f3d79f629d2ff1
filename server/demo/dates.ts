/** A calendar date given as `YYYY-MM-DD`, checked to exist (no 2023-02-30). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function parseIsoDate(value: string, what: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new Error(`${what}: expected a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC rolls 2023-02-30 over to March; a date that exists survives the round trip.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`${what}: ${value} is not a calendar date`);
  }
  return { year, month, day };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYMMDD`, as the MRZ writes dates. */
export const toYymmdd = (date: CalendarDate): string => pad(date.year % 100) + pad(date.month) + pad(date.day);

/** `DD/MM/YYYY`, as Italian forms write dates. */
export const toDdMmYyyy = (date: CalendarDate): string => `${pad(date.day)}/${pad(date.month)}/${pad(date.year, 4)}`;
