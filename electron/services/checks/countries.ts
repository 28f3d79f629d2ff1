import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { foldToBase } from '../../../common/domain/name-folding.ts';

const require = createRequire(import.meta.url);
/** The languages applicants write country names in: the console's and the e-mail templates'. */
const LANGUAGES = ['it', 'en', 'fr', 'es', 'de'] as const;
for (const language of LANGUAGES) countries.registerLocale(require(`i18n-iso-countries/langs/${language}.json`));

/**
 * ICAO Doc 9303 Part 3 codes that are not ISO 3166-1 alpha-3: Germany's single `D`, the British
 * nationality classes, Kosovo. Stateless, refugee and United Nations codes name no country.
 */
const ICAO_ONLY: Record<string, string> = { D: 'DE', GBD: 'GB', GBN: 'GB', GBO: 'GB', GBP: 'GB', GBS: 'GB', RKS: 'XK' };

const key = (text: string) =>
  foldToBase(text)
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

let byName: Map<string, string> | undefined;
function names(): Map<string, string> {
  if (!byName) {
    byName = new Map();
    for (const language of LANGUAGES) {
      for (const [code, spelled] of Object.entries(countries.getNames(language, { select: 'all' }))) {
        for (const name of spelled) byName.set(key(name), code);
      }
    }
  }
  return byName;
}

/**
 * The ISO 3166-1 alpha-2 code a source means: an alpha-2 or alpha-3 code, an ICAO code from an
 * MRZ, or a country's name in Italian, English, French, Spanish or German, with or without
 * accents. Undefined when it names no country (a nationality adjective such as "Svedese").
 */
export function countryCode(text: string): string | undefined {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase().replaceAll('<', '');
  if (/^[A-Z]{1,3}$/.test(upper)) {
    if (ICAO_ONLY[upper]) return ICAO_ONLY[upper];
    if (upper.length === 2 && countries.isValid(upper)) return upper;
    if (upper.length === 3) return countries.alpha3ToAlpha2(upper);
  }
  return names().get(key(trimmed));
}

/** The country's name in `language`, for explanations. */
export const countryName = (code: string, language: 'it' | 'en'): string => countries.getName(code, language) ?? code;
