/**
 * The periods a supervisor picks, as the half-open UTC ranges the statistics endpoint takes.
 * UTC because the server's buckets are UTC days, ISO weeks and months: a period drawn in local
 * time would cut its first and last bars.
 */

export const PERIOD_PRESETS = ['thisMonth', 'lastMonth', 'last90Days', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** What the picker holds: a preset, or two calendar days (both included) for `custom`. */
export interface PeriodChoice {
  preset: PeriodPreset;
  /** `YYYY-MM-DD`, first day included. */
  customFrom: string;
  /** `YYYY-MM-DD`, last day included. */
  customTo: string;
}

export interface Period {
  /** Inclusive instant. */
  from: string;
  /** Exclusive instant: the first moment after the period. */
  to: string;
}

/** The server refuses more bars than this (statistics-store.ts MAX_BUCKETS). */
export const MAX_BUCKETS = 400;

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const utcDay = (year: number, month: number, day = 1) => new Date(Date.UTC(year, month, day));
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The period a choice stands for on `today`; undefined when the custom days are missing or reversed. */
export function resolvePeriod(choice: PeriodChoice, today: Date): Period | undefined {
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth();
  const tomorrow = utcDay(year, month, today.getUTCDate() + 1);
  const range = (from: Date, to: Date): Period => ({ from: from.toISOString(), to: to.toISOString() });
  switch (choice.preset) {
    case 'thisMonth':
      return range(utcDay(year, month), utcDay(year, month + 1));
    case 'lastMonth':
      return range(utcDay(year, month - 1), utcDay(year, month));
    case 'last90Days':
      return range(new Date(tomorrow.getTime() - 90 * DAY_MS), tomorrow);
    case 'custom': {
      if (!ISO_DAY.test(choice.customFrom) || !ISO_DAY.test(choice.customTo)) return undefined;
      const from = new Date(`${choice.customFrom}T00:00:00Z`);
      const to = new Date(Date.parse(`${choice.customTo}T00:00:00Z`) + DAY_MS);
      return from < to ? range(from, to) : undefined;
    }
  }
}

/** The last day included in a period, `YYYY-MM-DD`. */
export const lastDayOf = (period: Period): string => isoDay(new Date(Date.parse(period.to) - 1));
export const firstDayOf = (period: Period): string => period.from.slice(0, 10);

/** How many bars the server would draw: a bucket counts when any of the period falls in it. */
export function bucketCount(period: Period, bucket: Bucket): number {
  const from = new Date(period.from);
  const last = new Date(Date.parse(period.to) - 1);
  if (bucket === 'day') return Math.floor((utcDayStart(last) - utcDayStart(from)) / DAY_MS) + 1;
  if (bucket === 'week') return Math.floor((mondayOf(last) - mondayOf(from)) / (7 * DAY_MS)) + 1;
  return (last.getUTCFullYear() - from.getUTCFullYear()) * 12 + last.getUTCMonth() - from.getUTCMonth() + 1;
}

const utcDayStart = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
const mondayOf = (date: Date) => utcDayStart(date) - ((date.getUTCDay() + 6) % 7) * DAY_MS;

/** The custom fields start on the current month, so switching to them changes nothing yet. */
export function defaultChoice(today: Date): PeriodChoice {
  const period = resolvePeriod({ preset: 'thisMonth', customFrom: '', customTo: '' }, today)!;
  return { preset: 'thisMonth', customFrom: firstDayOf(period), customTo: lastDayOf(period) };
}
