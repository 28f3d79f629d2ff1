import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { Applicant } from '../../../../common/api/schemas.ts';
import type { CrossCheckField } from '../../../../common/checks/cross-check.ts';
import type { TaxIdClassification } from '../../../../common/checks/eligibility.ts';
import type { LocalizedText } from '../../../../common/checks/text.ts';
import type { TicketChecks } from '../../../../common/checks/ticket-checks.ts';
import { MATCH_TONE, type Tone } from './tones.ts';

/** A badge's words: an interface message, or an explanation the checks engine wrote. */
export type BadgeText = { key: string; params?: Record<string, string | number> } | { text: LocalizedText };
export interface Badge {
  tone: Tone;
  label: BadgeText;
}

export interface ApplicantFact {
  /** i18n key of the field's label. */
  label: string;
  value: string;
  kind: 'text' | 'date' | 'country' | 'language' | 'email' | 'phone';
  badges: Badge[];
  /** A longer explanation under the value, e.g. why a tax id counts as an Italian codice fiscale. */
  note?: LocalizedText;
  testId: string;
}

const TAX_ID_TONE: Record<TaxIdClassification['kind'], Tone> = {
  EMPTY: 'neutral',
  ITALIAN_CF: 'info',
  ITALIAN_CF_TYPO: 'warn',
  PARTITA_IVA: 'info',
  PARTITA_IVA_INVALID: 'warn',
  OTHER: 'neutral',
};

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const digitsOf = (phone: string) => phone.replace(/\D/g, '');

function crossBadge(checks: TicketChecks | null, field: CrossCheckField): Badge[] {
  const comparison = checks?.crossCheck.fields.find((f) => f.field === field);
  return comparison
    ? [{ tone: MATCH_TONE[comparison.status], label: { key: `ticketView.match.${comparison.status}` } }]
    : [];
}

/** What the PDF form says for `key`, when the form was read. */
function formValue(checks: TicketChecks | null, key: string): string | null {
  const result = checks?.form?.result;
  if (result?.status !== 'READ') return null;
  const value = result.values[key];
  return typeof value === 'string' ? value : null;
}

function emailBadges(email: string, checks: TicketChecks | null): Badge[] {
  const badges: Badge[] = [];
  const inForm = formValue(checks, 'applicant.email');
  if (inForm !== null) {
    badges.push(
      sameText(inForm, email)
        ? { tone: 'ok', label: { key: 'ticketView.badges.sameInForm' } }
        : { tone: 'warn', label: { key: 'ticketView.badges.differsInForm', params: { value: inForm } } },
    );
  }
  const shared = checks?.duplicates.filter((d) => d.matchedOn.includes('email')).length ?? 0;
  if (shared > 0)
    badges.push({ tone: 'warn', label: { key: 'ticketView.badges.emailShared', params: { count: shared } } });
  return badges;
}

function phoneBadges(phone: string, checks: TicketChecks | null, countryName: (code: string) => string): Badge[] {
  const parsed = parsePhoneNumberFromString(phone);
  const country = parsed?.country ? countryName(parsed.country) : '';
  const badges: Badge[] = [
    parsed?.isValid()
      ? { tone: 'ok', label: { key: 'ticketView.badges.phoneValid', params: { country } } }
      : { tone: 'error', label: { key: 'ticketView.badges.phoneInvalid' } },
  ];
  const inForm = formValue(checks, 'applicant.phone');
  if (inForm !== null) {
    badges.push(
      digitsOf(inForm) === digitsOf(phone)
        ? { tone: 'ok', label: { key: 'ticketView.badges.sameInForm' } }
        : { tone: 'warn', label: { key: 'ticketView.badges.differsInForm', params: { value: inForm } } },
    );
  }
  return badges;
}

function taxIdFact(applicant: Applicant, checks: TicketChecks | null): ApplicantFact {
  const taxId = checks?.eligibility?.taxId;
  const showNote = taxId && taxId.kind !== 'EMPTY' && taxId.kind !== 'OTHER';
  return {
    label: 'ticketView.applicant.taxId',
    value: applicant.codiceFiscalePiva ?? '',
    kind: 'text',
    badges: taxId ? [{ tone: TAX_ID_TONE[taxId.kind], label: { key: `ticketView.taxId.${taxId.kind}` } }] : [],
    ...(showNote ? { note: taxId.message } : {}),
    testId: 'applicant-tax-id',
  };
}

function nationalityBadges(checks: TicketChecks | null): Badge[] {
  const badges = crossBadge(checks, 'nationality');
  const eidas = checks?.eligibility?.findings.find((f) => f.code === 'EIDAS_NATIONALITY');
  if (eidas) badges.push({ tone: 'info', label: { key: 'ticketView.badges.eidas' } });
  return badges;
}

/**
 * The applicant as the web form gave them, each value with what the checks say of it: the
 * cross-check for names and dates, the tax-id classification, the phone number's validity for
 * its country, and whether the PDF form repeats the e-mail and phone.
 */
export function applicantFacts(
  applicant: Applicant,
  checks: TicketChecks | null,
  countryName: (code: string) => string,
): ApplicantFact[] {
  return [
    {
      label: 'ticketView.applicant.surname',
      value: applicant.cognome,
      kind: 'text',
      badges: crossBadge(checks, 'surname'),
      testId: 'applicant-surname',
    },
    {
      label: 'ticketView.applicant.givenNames',
      value: applicant.nome,
      kind: 'text',
      badges: crossBadge(checks, 'givenNames'),
      testId: 'applicant-given-names',
    },
    {
      label: 'ticketView.applicant.birthDate',
      value: applicant.birthDate ?? '',
      kind: 'date',
      badges: crossBadge(checks, 'birthDate'),
      testId: 'applicant-birth-date',
    },
    {
      label: 'ticketView.applicant.nationality',
      value: applicant.nationality,
      kind: 'country',
      badges: nationalityBadges(checks),
      testId: 'applicant-nationality',
    },
    {
      label: 'ticketView.applicant.residence',
      value: applicant.residenceCountry,
      kind: 'country',
      badges: [],
      testId: 'applicant-residence',
    },
    taxIdFact(applicant, checks),
    {
      label: 'ticketView.applicant.email',
      value: applicant.email,
      kind: 'email',
      badges: emailBadges(applicant.email, checks),
      testId: 'applicant-email',
    },
    {
      label: 'ticketView.applicant.phone',
      value: applicant.telefono,
      kind: 'phone',
      badges: phoneBadges(applicant.telefono, checks, countryName),
      testId: 'applicant-phone',
    },
    {
      label: 'ticketView.applicant.language',
      value: applicant.language,
      kind: 'language',
      badges: [],
      testId: 'applicant-language',
    },
  ];
}
