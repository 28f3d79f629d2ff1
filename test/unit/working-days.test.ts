import { describe, expect, it } from 'vitest';
import { slaLevel } from '../../common/domain/service-level.ts';
import { easterSunday, isWorkingDay, italianHolidays, workingDaysBetween } from '../../common/domain/working-days.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** An instant given as Italian local time (CET/CEST offset written out). */
const rome = (local: string) => new Date(local);

describe('Italian working days', () => {
  it('computes Easter Sunday for known years', () => {
    const known = {
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
    };
    for (const [year, easter] of Object.entries(known))
      expect(easterSunday(Number(year)).toISOString().slice(0, 10)).toBe(easter);
  });

  it('knows the national holidays, Easter Monday included', () => {
    const holidays = italianHolidays(2026);
    expect(holidays.size).toBe(11);
    expect(holidays.has('2026-04-06')).toBe(true);
    expect(holidays.has('2026-04-25')).toBe(true);
    expect(holidays.has('2026-06-29')).toBe(false);
    expect(isWorkingDay(day('2026-04-06'))).toBe(false);
    expect(isWorkingDay(day('2026-04-07'))).toBe(true);
    expect(isWorkingDay(day('2026-11-21'))).toBe(false);
    expect(isWorkingDay(day('2026-12-08'))).toBe(false);
  });

  it('counts the working days after the day of arrival, up to today, in Italian time', () => {
    // Friday evening to Monday: one working day.
    expect(workingDaysBetween(rome('2026-11-20T18:00:00+01:00'), rome('2026-11-23T09:00:00+01:00'))).toBe(1);
    // Same day: none.
    expect(workingDaysBetween(rome('2026-11-23T08:00:00+01:00'), rome('2026-11-23T17:00:00+01:00'))).toBe(0);
    // 23:30 UTC on Sunday is already Monday in Rome: arrived Monday, so Tuesday is the first day.
    expect(workingDaysBetween(new Date('2026-11-22T23:30:00Z'), rome('2026-11-24T10:00:00+01:00'))).toBe(1);
    // Easter week 2026: Thursday 2 April to Wednesday 8 April skips the weekend and Easter Monday.
    expect(workingDaysBetween(rome('2026-04-02T10:00:00+02:00'), rome('2026-04-08T10:00:00+02:00'))).toBe(3);
    // Christmas: 23 December to 29 December skips 25, 26 (Saturday) and 27 (Sunday).
    expect(workingDaysBetween(rome('2026-12-23T10:00:00+01:00'), rome('2026-12-29T10:00:00+01:00'))).toBe(3);
  });

  it('agrees with counting day by day over many ranges', () => {
    const byDay = (from: string, to: string) => {
      let count = 0;
      for (const d = day(from); ;) {
        d.setUTCDate(d.getUTCDate() + 1);
        if (d > day(to)) return count;
        if (isWorkingDay(d)) count += 1;
      }
    };
    let seed = 11;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 300; i += 1) {
      const start = Date.UTC(2024, 0, 1) + Math.floor(next() * 1100) * 86_400_000;
      const end = start + Math.floor(next() * 500) * 86_400_000;
      const from = new Date(start).toISOString().slice(0, 10);
      const to = new Date(end).toISOString().slice(0, 10);
      expect(workingDaysBetween(rome(`${from}T12:00:00+01:00`), rome(`${to}T12:00:00+01:00`)), `${from}→${to}`).toBe(
        byDay(from, to),
      );
    }
  });

  it('colours only tickets waiting for the help desk', () => {
    expect(slaLevel('DOCS_RECEIVED', 2)).toBe('ok');
    expect(slaLevel('DOCS_RECEIVED', 3)).toBe('due');
    expect(slaLevel('NEW', 5)).toBe('late');
    expect(slaLevel('FORM_SENT', 30)).toBe('none');
    expect(slaLevel('APPROVED', 30)).toBe('none');
  });
});
