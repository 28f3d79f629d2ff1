/**
 * Italian working days (Monday to Friday, national holidays excepted), the unit of the help
 * desk's service levels. Local patron saints' days are not national and are not counted out.
 * Computed by arithmetic, not day by day: the queue shows an age on every row it paints.
 */

const DAY_MS = 86_400_000;

const FIXED_HOLIDAYS = [
  '01-01', // Capodanno
  '01-06', // Epifania
  '04-25', // Festa della Liberazione
  '05-01', // Festa del Lavoro
  '06-02', // Festa della Repubblica
  '08-15', // Ferragosto
  '11-01', // Ognissanti
  '12-08', // Immacolata Concezione
  '12-25', // Natale
  '12-26', // Santo Stefano
];

/** Easter Sunday in the Gregorian calendar (anonymous algorithm, Meeus/Jones/Butcher), as UTC midnight. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const holidayCache = new Map<number, Set<string>>();

/** The national holidays of `year` as `YYYY-MM-DD`, Easter Monday (Lunedì dell'Angelo) included. */
export function italianHolidays(year: number): Set<string> {
  let holidays = holidayCache.get(year);
  if (!holidays) {
    const easterMonday = easterSunday(year);
    easterMonday.setUTCDate(easterMonday.getUTCDate() + 1);
    holidays = new Set([...FIXED_HOLIDAYS.map((day) => `${year}-${day}`), easterMonday.toISOString().slice(0, 10)]);
    holidayCache.set(year, holidays);
  }
  return holidays;
}

/** Days since 1970-01-01 (a Thursday); 0 = Monday … 6 = Sunday. */
const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** Monday-to-Friday days from Monday 1969-12-29 up to and including `day`. */
function weekdaysThrough(day: number): number {
  const days = day + 4;
  return Math.floor(days / 7) * 5 + Math.min(days % 7, 5);
}

const romeDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// Italy's offset from UTC is whole hours: the day is the same for every instant of a UTC hour.
const dayOfHour = new Map<number, number>();

/** The calendar day an instant falls on in Italy, as a day number. */
function dayInItaly(instant: Date): number {
  const hour = Math.floor(instant.getTime() / 3_600_000);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    if (dayOfHour.size > 100_000) dayOfHour.clear();
    day = dayNumber(romeDate.format(instant));
    dayOfHour.set(hour, day);
  }
  return day;
}

export function isWorkingDay(day: Date): boolean {
  const iso = day.toISOString().slice(0, 10);
  return weekday(dayNumber(iso)) < 5 && !italianHolidays(day.getUTCFullYear()).has(iso);
}

/**
 * Working days from `since` to `now`, counted as Italian calendar days: the days after the one
 * the request arrived on, up to and including today, that were working days. A request that
 * arrived on Friday evening is 1 working day old on Monday.
 */
export function workingDaysBetween(since: Date, now: Date): number {
  const from = dayInItaly(since);
  const to = dayInItaly(now);
  if (to <= from) return 0;
  let count = weekdaysThrough(to) - weekdaysThrough(from);
  const lastYear = new Date(to * DAY_MS).getUTCFullYear();
  for (let year = new Date(from * DAY_MS).getUTCFullYear(); year <= lastYear; year += 1) {
    for (const holiday of italianHolidays(year)) {
      const day = dayNumber(holiday);
      if (day > from && day <= to && weekday(day) < 5) count -= 1;
    }
  }
  return count;
}
