import type { Locale } from '../../../../common/i18n/locales.ts';

const namers = new Map<Locale, Intl.DisplayNames>();

/**
 * A country's name in the interface language. The flag is shown as its ISO code in a badge, not
 * as an emoji: regional-indicator flags need a colour emoji font that Debian's Chromium and
 * Windows do not ship, and two boxed letters would read worse than the code.
 */
export function countryName(code: string, locale: Locale): string {
  let namer = namers.get(locale);
  if (!namer) {
    namer = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    namers.set(locale, namer);
  }
  try {
    return namer.of(code) ?? code;
  } catch {
    return code;
  }
}
