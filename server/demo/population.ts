import { getExampleNumber, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { Applicant, TicketState } from '../../common/api/schemas.ts';
import { codiceFiscaleCheckCharacter } from '../../common/domain/codice-fiscale.ts';
import { ELIGIBLE_COUNTRIES, EIDAS_COUNTRIES, type DemoCountry } from './countries.ts';
import type { CheckDigitField, MrzRecord } from './mrz.ts';
import { seededRandom } from './random.ts';

/** Why this applicant is in the demo: each kind exercises one path of the checks and decisions. */
export type DemoKind = 'eligible' | 'italian-cf' | 'partita-iva' | 'eidas' | 'cliclavoro' | 'duplicate';

export interface DemoApplicant {
  index: number;
  kind: DemoKind;
  applicant: Applicant;
  document: MrzRecord;
  layout: 'TD1' | 'TD3';
  /** What is deliberately wrong or unusual, so tests and the UI can find it. */
  defects: {
    brokenMrz?: CheckDigitField;
    expired?: boolean;
    expiringSoon?: boolean;
    flattenedForm?: boolean;
    formMismatch?: 'surname' | 'birthDate';
    rotation?: number;
    noise?: number;
    format: 'png' | 'jpeg' | 'pdf';
  };
  targetState: TicketState;
  duplicateOf?: number;
}

const STATES: [TicketState, number][] = [
  ['NEW', 0.14],
  ['FORM_SENT', 0.14],
  ['DOCS_RECEIVED', 0.26],
  ['UNDER_REVIEW', 0.08],
  ['INFO_REQUESTED', 0.08],
  ['AWAITING_COUNTERSIGN', 0.05],
  ['APPROVED', 0.13],
  ['REJECTED', 0.06],
  ['REDIRECTED', 0.06],
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const digits = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
const letters = (random: () => number, n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(random() * 26))).join('');

/** A mobile number valid for the country: the library's example with its last digits varied, re-validated. */
function phoneFor(alpha2: string, random: () => number): string {
  const example = getExampleNumber(alpha2 as CountryCode, examples);
  if (!example) throw new Error(`no example phone number for ${alpha2}`);
  const national = String(example.nationalNumber);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const candidate = `+${example.countryCallingCode}${national.slice(0, -3)}${digits(random, 3)}`;
    if (parsePhoneNumberWithError(candidate).isValid()) return candidate;
  }
  return example.number;
}

const OMOCODIA: Record<string, string> = {
  0: 'L',
  1: 'M',
  2: 'N',
  3: 'P',
  4: 'Q',
  5: 'R',
  6: 'S',
  7: 'T',
  8: 'U',
  9: 'V',
};

/** A syntactically valid codice fiscale for a person born abroad (Z-code), optionally with omocodia. */
function codiceFiscale(random: () => number, sex: 'M' | 'F', birth: Date, omocodia: boolean): string {
  const day = birth.getUTCDate() + (sex === 'F' ? 40 : 0);
  let first15 = `${letters(random, 6)}${String(birth.getUTCFullYear() % 100).padStart(2, '0')}${'ABCDEHLMPRST'[birth.getUTCMonth()]}${String(day).padStart(2, '0')}Z${digits(random, 3)}`;
  if (omocodia) first15 = first15.slice(0, 14) + OMOCODIA[first15[14]!]!;
  return first15 + codiceFiscaleCheckCharacter(first15);
}

/** A partita IVA: 7 digits, an office code, and the Luhn check digit. */
function partitaIva(random: () => number): string {
  const body = `${String(1 + Math.floor(random() * 9_999_998)).padStart(7, '0')}${pick(random, ['001', '015', '058', '100', '120'])}`;
  const sum = body
    .split('')
    .map(Number)
    .reduce((total, d, i) => total + (i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2), 0);
  return body + String((10 - (sum % 10)) % 10);
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * The deterministic demo population: applicant `index` is the same for a given seed on every
 * machine, whatever the size of the data set.
 */
export function demoApplicant(
  seed: number,
  index: number,
  today: Date,
  earlier: (i: number) => DemoApplicant,
): DemoApplicant {
  const random = seededRandom(seed * 1_000_003 + index);
  const roll = random();
  let kind: DemoKind =
    roll < 0.08
      ? 'italian-cf'
      : roll < 0.12
        ? 'partita-iva'
        : roll < 0.24
          ? 'eidas'
          : roll < 0.29
            ? 'cliclavoro'
            : roll < 0.33
              ? 'duplicate'
              : 'eligible';
  if (kind === 'duplicate' && index < 5) kind = 'eligible';
  const country: DemoCountry = pick(random, kind === 'eidas' ? EIDAS_COUNTRIES : ELIGIBLE_COUNTRIES);
  const sex = random() < 0.5 ? 'F' : 'M';
  const givenNames = pick(random, country.givenNames[sex]);
  const surname = pick(random, country.surnames);
  const birth = new Date(
    Date.UTC(1955 + Math.floor(random() * 48), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
  );
  const layout = country.eu ? 'TD1' : 'TD3';

  const expiryRoll = random();
  const expiry = new Date(today);
  if (expiryRoll < 0.08) expiry.setUTCDate(expiry.getUTCDate() - 10 - Math.floor(random() * 400));
  else if (expiryRoll < 0.13) expiry.setUTCDate(expiry.getUTCDate() + 3 + Math.floor(random() * 25));
  else expiry.setUTCDate(expiry.getUTCDate() + 90 + Math.floor(random() * 3000));

  const documentNumber =
    layout === 'TD1' && random() < 0.15
      ? `${letters(random, 3)}${digits(random, 9)}`
      : `${letters(random, 2)}${digits(random, 7)}`;
  const applicant: Applicant = {
    nome: givenNames,
    cognome: surname,
    email: `${ascii(givenNames).slice(0, 10)}.${ascii(surname).slice(0, 12)}${index}@example.${country.alpha2.toLowerCase()}`,
    telefono: phoneFor(country.alpha2, random),
    nationality: country.alpha2,
    residenceCountry: random() < 0.85 ? country.alpha2 : pick(random, ['IT', 'DE', 'FR', 'CH']),
    birthDate: isoDate(birth),
    language: country.language,
  };
  if (kind === 'italian-cf') applicant.codiceFiscalePiva = codiceFiscale(random, sex, birth, random() < 0.3);
  else if (kind === 'partita-iva') applicant.codiceFiscalePiva = partitaIva(random);
  else if (random() < 0.5) applicant.codiceFiscalePiva = `${country.alpha2}${digits(random, 9)}`;

  const document: MrzRecord = {
    documentType: layout === 'TD1' ? 'ID' : 'P',
    issuingState: country.icao,
    surname,
    givenNames,
    documentNumber,
    nationality: country.icao,
    birthDate: isoDate(birth),
    sex,
    expiryDate: isoDate(expiry),
  };

  let duplicateOf: number | undefined;
  if (kind === 'duplicate') {
    duplicateOf = Math.floor(random() * index);
    const original = earlier(duplicateOf);
    if (random() < 0.5) applicant.email = original.applicant.email;
    else document.documentNumber = original.document.documentNumber;
  }

  const stateRoll = random();
  let cumulative = 0;
  let targetState: TicketState = 'NEW';
  for (const [state, share] of STATES) {
    cumulative += share;
    if (stateRoll < cumulative) {
      targetState = state;
      break;
    }
  }
  const redirectable = kind === 'italian-cf' || kind === 'eidas' || kind === 'cliclavoro';
  if (targetState === 'REDIRECTED' && !redirectable) targetState = 'REJECTED';

  const defectRoll = random();
  const breakable: CheckDigitField[] = ['documentNumber', 'birthDate', 'expiryDate', 'composite'];
  return {
    index,
    kind,
    applicant,
    document,
    layout,
    defects: {
      ...(defectRoll < 0.1 ? { brokenMrz: pick(random, breakable) } : {}),
      ...(expiryRoll < 0.08 ? { expired: true } : expiryRoll < 0.13 ? { expiringSoon: true } : {}),
      ...(random() < 0.08 ? { flattenedForm: true } : {}),
      ...(random() < 0.1 ? { formMismatch: random() < 0.5 ? ('surname' as const) : ('birthDate' as const) } : {}),
      ...(random() < 0.15 ? { rotation: Math.round((random() * 10 - 5) * 10) / 10 } : {}),
      ...(random() < 0.15 ? { noise: 0.15 + random() * 0.25 } : {}),
      format: random() < 0.1 ? 'pdf' : random() < 0.35 ? 'jpeg' : 'png',
    },
    targetState,
    ...(duplicateOf === undefined ? {} : { duplicateOf }),
  };
}
