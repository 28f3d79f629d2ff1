import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatFormDate,
  italianToday,
  parseFormDate,
} from '../../electron/services/documents/pdf/form-dates.ts';

describe('parseFormDate', () => {
  it.each([
    ['01/03/2025', '2025-03-01'],
    ['1/3/2025', '2025-03-01'],
    [' 01.03.2025 ', '2025-03-01'],
    ['01-03-2025', '2025-03-01'],
    ['01 / 03 / 2025', '2025-03-01'],
    ['2025-03-01', '2025-03-01'],
    ['29/02/2024', '2024-02-29'],
  ])('reads %j as %s', (written, iso) => {
    expect(parseFormDate(written)).toBe(iso);
  });

  it.each([
    ['29/02/2025', 'not a leap year'],
    ['31/04/2025', 'April has 30 days'],
    ['00/01/2025', 'day 0'],
    ['01/13/2025', 'month 13'],
    ['01/03/25', 'two-digit year'],
    ['2025/03/01', 'year first with slashes'],
    ['01/03/1850', 'before 1900'],
    ['01/03/2125', 'after 2100'],
    ['1 marzo 2025', 'words'],
    ['', 'empty'],
  ])('refuses %j (%s)', (written) => {
    expect(parseFormDate(written)).toBeNull();
  });
});

describe('dates around the form', () => {
  it('takes today in Italy, whatever the time zone of the machine', () => {
    // 23:30 UTC on 9 March is already 10 March in Rome (UTC+1), and 30 June 22:30 UTC is 1 July (UTC+2).
    expect(italianToday(new Date('2025-03-09T23:30:00Z'))).toBe('2025-03-10');
    expect(italianToday(new Date('2025-06-30T22:30:00Z'))).toBe('2025-07-01');
    expect(italianToday(new Date('2025-06-30T21:30:00Z'))).toBe('2025-06-30');
  });

  it('adds days across months and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('writes dates as the form does', () => {
    expect(formatFormDate('2025-03-01')).toBe('01/03/2025');
  });
});
