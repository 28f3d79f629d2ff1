/**
 * Country names and dates as the operator and the applicant read them. Intl (full ICU in Node
 * and Electron) knows every language we write in, so nothing here is translated by hand.
 */

const ENGLISH = 'en-GB';
const locale = (language: string) => (language === 'en' ? ENGLISH : language);

/** "Germania (DE)" / "Germany (DE)". */
export function countryLabel(code: string, language: string): string {
  const name = new Intl.DisplayNames([locale(language)], { type: 'region', fallback: 'code' }).of(code);
  return name && name !== code ? `${name} (${code})` : code;
}

/** An ISO date (`2026-11-23`) in words: "23 novembre 2026", "23 November 2026". */
export function formatIsoDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** A date known to a year, month or day, without pretending to more precision: "maggio 2021". */
export function formatPartialDate(partial: string, language: string): string {
  const [year, month, day] = partial.split('-');
  if (day) return formatIsoDate(partial, language);
  if (!month) return year ?? partial;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, 1));
  return new Intl.DateTimeFormat(locale(language), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
}
