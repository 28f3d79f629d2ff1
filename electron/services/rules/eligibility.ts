import type { z } from 'zod';
import { CliclavoroResultSchema, type CliclavoroLookupSchema } from '../../../common/api/schemas.ts';
import {
  EEA_NON_EU_STATES,
  EligibilityInputSchema,
  EU_STATES,
  type EidasList,
  type EidasSchemeEntry,
  type EligibilityFinding,
  type EligibilityInput,
  type EligibilityOutcome,
  type EligibilityResult,
  type TaxIdClassification,
} from '../../../common/checks/eligibility.ts';
import type { LocalizedText } from '../../../common/checks/text.ts';
import { countryLabel, formatIsoDate, formatPartialDate } from './display.ts';
import { schemesOf } from './eidas-list.ts';
import { classifyTaxId } from './tax-id.ts';

export type CliclavoroQuery = z.output<typeof CliclavoroLookupSchema>;
export type CliclavoroAnswer = { exists: boolean; matchedOn: string[] } | { error: string };
/** POST /cliclavoro/lookup on the central API, injected so the rules run without HTTP. */
export type CliclavoroLookup = (query: CliclavoroQuery) => Promise<CliclavoroAnswer>;

export interface EligibilityDeps {
  eidasList: EidasList;
  lookupCliclavoro: CliclavoroLookup;
  /** A lookup slower than this counts as unavailable: the operator gets a pending finding, not a hang. */
  lookupTimeoutMs?: number;
  today?: Date;
}

const DEFAULT_LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Which redirect wins when several apply. An Italian codice fiscale comes first: SPID/CIE is the
 * national route and the guides send every holder there. eIDAS next: it is the route the EU
 * rules give citizens of notifying states. An existing Cliclavoro account last: it only avoids a
 * duplicate credential for someone who has no better route.
 */
const PRECEDENCE = [
  'ITALIAN_CF',
  'ITALIAN_CITIZEN',
  'EIDAS_NATIONALITY',
  'EIDAS_EID_HOLDER',
  'CLICLAVORO_ACCOUNT',
] as const satisfies readonly EligibilityFinding['code'][];

const OUTCOME_OF: Record<NonNullable<EligibilityFinding['redirectTarget']>, EligibilityOutcome> = {
  SPID_CIE: 'REDIRECT_SPID_CIE',
  EIDAS: 'REDIRECT_EIDAS',
  CLICLAVORO: 'REDIRECT_CLICLAVORO',
};

/**
 * Decides whether a request is for Utente Estero credentials or belongs elsewhere (SPID/CIE,
 * eIDAS, Cliclavoro). Every rule reports a finding with its reasons and facts, in Italian and
 * English; the outcome is the first redirect by precedence, otherwise ELIGIBLE.
 */
export async function evaluateEligibility(input: EligibilityInput, deps: EligibilityDeps): Promise<EligibilityResult> {
  const { applicant, eidHolderOf } = EligibilityInputSchema.parse(input);
  const list = deps.eidasList;
  const taxId = classifyTaxId(applicant.codiceFiscalePiva, { today: deps.today });

  const cliclavoro = await askCliclavoro(deps, {
    email: applicant.email,
    surname: applicant.cognome,
    givenNames: applicant.nome,
    ...(applicant.birthDate ? { birthDate: applicant.birthDate } : {}),
  });

  const findings: EligibilityFinding[] = [
    ...taxIdFindings(taxId, applicant.birthDate),
    ...nationalityFindings(applicant.nationality, applicant.residenceCountry, eidHolderOf, list),
    cliclavoro.finding,
  ];

  const decisive = PRECEDENCE.map((code) => findings.find((f) => f.code === code && f.level === 'redirect')).find(
    (f) => f !== undefined,
  );
  const outcome = decisive?.redirectTarget ? OUTCOME_OF[decisive.redirectTarget] : 'ELIGIBLE';
  const pending = outcome === 'ELIGIBLE' && cliclavoro.status === 'UNKNOWN';
  const warnings = findings.filter((f) => f.level === 'warning').length;

  return {
    outcome,
    redirectTarget: decisive?.redirectTarget ?? null,
    reasonCode: decisive?.reasonCode ?? null,
    decidedBy: decisive?.code ?? null,
    summary: summarize(decisive, pending, warnings),
    pending,
    findings,
    taxId,
    cliclavoro: cliclavoro.status,
    eidasList: { version: list.version, publishedAt: list.publishedAt, checkedAt: list.source.checkedAt },
  };
}

function taxIdFindings(taxId: TaxIdClassification, declaredBirthDate: string | undefined): EligibilityFinding[] {
  const facts = [
    { name: 'applicant.codiceFiscalePiva', value: taxId.value },
    { name: 'taxId.kind', value: taxId.kind },
  ];
  switch (taxId.kind) {
    case 'ITALIAN_CF': {
      const cf = taxId.codiceFiscale!;
      const cfFacts = [
        ...facts,
        { name: 'codiceFiscale.birthDate', value: cf.birthDate.candidates.join(' | ') },
        { name: 'codiceFiscale.sex', value: cf.sex },
        { name: 'codiceFiscale.birthplace', value: cf.birthplace.code },
      ];
      const findings = [finding('ITALIAN_CF', 'redirect', taxId.message, cfFacts, 'SPID_CIE', 'HAS_ITALIAN_CF')];
      if (declaredBirthDate && !cf.birthDate.candidates.includes(declaredBirthDate)) {
        findings.push(
          finding(
            'CF_BIRTH_DATE_MISMATCH',
            'warning',
            {
              it: `La data di nascita nel codice fiscale (${cf.birthDate.candidates.join(' o ')}) non coincide con quella dichiarata (${declaredBirthDate}): il codice potrebbe essere di un’altra persona. Verificare prima di reindirizzare.`,
              en: `The birth date in the codice fiscale (${cf.birthDate.candidates.join(' or ')}) differs from the declared one (${declaredBirthDate}): the code may belong to someone else. Verify before redirecting.`,
            },
            [...cfFacts, { name: 'applicant.birthDate', value: declaredBirthDate }],
          ),
        );
      }
      return findings;
    }
    case 'ITALIAN_CF_TYPO':
      return [finding('CF_PROBABLE_TYPO', 'warning', taxId.message, facts)];
    case 'PARTITA_IVA':
      return [finding('PARTITA_IVA', 'info', taxId.message, facts)];
    case 'PARTITA_IVA_INVALID':
      return [finding('PARTITA_IVA_INVALID', 'info', taxId.message, facts)];
    case 'OTHER':
      return [finding('OTHER_TAX_ID', 'info', taxId.message, facts)];
    case 'EMPTY':
      return [finding('NO_TAX_ID', 'info', taxId.message, facts)];
  }
}

function nationalityFindings(
  nationality: string,
  residence: string,
  eidHolderOf: readonly string[],
  list: EidasList,
): EligibilityFinding[] {
  const listFacts = [
    { name: 'eidasList.version', value: String(list.version) },
    { name: 'eidasList.publishedAt', value: list.publishedAt },
  ];
  const nationalityFact = { name: 'applicant.nationality', value: nationality };
  const listDate = {
    it: `secondo l’elenco del ${formatIsoDate(list.publishedAt, 'it')} (versione ${list.version}, fonte consultata a ${formatPartialDate(list.source.checkedAt, 'it')})`,
    en: `according to the list of ${formatIsoDate(list.publishedAt, 'en')} (version ${list.version}, source checked ${formatPartialDate(list.source.checkedAt, 'en')})`,
  };

  if (nationality === 'IT') {
    return [
      finding(
        'ITALIAN_CITIZEN',
        'redirect',
        {
          it: 'Cittadino/a italiano/a: ha (o può ottenere) un codice fiscale italiano e accede con SPID o CIE.',
          en: 'Italian citizen: holds (or can obtain) an Italian codice fiscale and signs in with SPID or CIE.',
        },
        [nationalityFact],
        'SPID_CIE',
        'HAS_ITALIAN_CF',
      ),
    ];
  }

  const findings: EligibilityFinding[] = [];
  const nationalSchemes = schemesOf(list, nationality);
  if (nationalSchemes.confirmed.length > 0) {
    findings.push(
      eidasFinding(
        'EIDAS_NATIONALITY',
        nationality,
        nationalSchemes.confirmed,
        listDate,
        [nationalityFact, ...listFacts],
        {
          it: 'Cittadino/a di',
          en: 'National of',
        },
      ),
    );
  } else if (nationalSchemes.unconfirmed.length > 0) {
    findings.push(
      unconfirmedFinding(nationality, nationalSchemes.unconfirmed, listDate, [nationalityFact, ...listFacts]),
    );
  } else if (
    (EU_STATES as readonly string[]).includes(nationality) ||
    (EEA_NON_EU_STATES as readonly string[]).includes(nationality)
  ) {
    findings.push(
      finding(
        'EU_WITHOUT_EIDAS',
        'info',
        {
          it: `${countryLabel(nationality, 'it')} è nello Spazio economico europeo ma non ha uno schema eID notificato, ${listDate.it}.`,
          en: `${countryLabel(nationality, 'en')} is in the European Economic Area but has no notified eID scheme, ${listDate.en}.`,
        },
        [nationalityFact, ...listFacts],
      ),
    );
  } else {
    findings.push(
      finding(
        'NON_EU',
        'info',
        {
          it: `${countryLabel(nationality, 'it')} non è nello Spazio economico europeo: eIDAS non si applica.`,
          en: `${countryLabel(nationality, 'en')} is not in the European Economic Area: eIDAS does not apply.`,
        },
        [nationalityFact],
      ),
    );
  }

  for (const state of new Set(eidHolderOf)) {
    if (state === nationality) continue;
    const holderFacts = [{ name: 'eidHolderOf', value: state }, ...listFacts];
    const schemes = schemesOf(list, state);
    if (schemes.confirmed.length > 0) {
      findings.push(
        eidasFinding('EIDAS_EID_HOLDER', state, schemes.confirmed, listDate, holderFacts, {
          it: 'Titolare di un’identità digitale di',
          en: 'Holds an eID of',
        }),
      );
    } else if (schemes.unconfirmed.length > 0) {
      findings.push(unconfirmedFinding(state, schemes.unconfirmed, listDate, holderFacts));
    } else {
      findings.push(
        finding(
          'EIDAS_EID_HOLDER',
          'info',
          {
            it: `Titolare di un’identità digitale di ${countryLabel(state, 'it')}, che non ha uno schema eID notificato, ${listDate.it}.`,
            en: `Holds an eID of ${countryLabel(state, 'en')}, which has no notified eID scheme, ${listDate.en}.`,
          },
          holderFacts,
        ),
      );
    }
  }

  if (residence === 'IT') {
    findings.push(
      finding(
        'ITALIAN_RESIDENT',
        'warning',
        {
          it: 'Risiede in Italia: chi vi risiede ha di norma un codice fiscale italiano (attribuito anche con il permesso di soggiorno) e può accedere con SPID o CIE. Chiedere al richiedente.',
          en: 'Resides in Italy: residents normally hold an Italian codice fiscale (also assigned with the residence permit) and can sign in with SPID or CIE. Ask the applicant.',
        },
        [{ name: 'applicant.residenceCountry', value: residence }],
      ),
    );
  } else if (
    residence !== nationality &&
    !eidHolderOf.includes(residence) &&
    schemesOf(list, residence).confirmed.length > 0
  ) {
    findings.push(
      finding(
        'EIDAS_RESIDENCE',
        'warning',
        {
          it: `Risiede in ${countryLabel(residence, 'it')}, che ha uno schema eID notificato: alcuni schemi coprono anche i permessi di soggiorno elettronici. Chiedere se il richiedente ne possiede uno; in tal caso indicarlo e reindirizzare a eIDAS.`,
          en: `Resides in ${countryLabel(residence, 'en')}, which has a notified eID scheme: some schemes also cover electronic residence permits. Ask whether the applicant holds one; if so, record it and redirect to eIDAS.`,
        },
        [{ name: 'applicant.residenceCountry', value: residence }, ...listFacts],
      ),
    );
  }
  return findings;
}

function eidasFinding(
  code: 'EIDAS_NATIONALITY' | 'EIDAS_EID_HOLDER',
  state: string,
  schemes: EidasSchemeEntry[],
  listDate: LocalizedText,
  facts: EligibilityFinding['facts'],
  lead: LocalizedText,
): EligibilityFinding {
  const describe = (language: 'it' | 'en') =>
    schemes
      .map((s) => {
        const when = s.publishedAt
          ? formatIsoDate(s.publishedAt, language)
          : `${language === 'it' ? 'entro' : 'by'} ${formatPartialDate(s.publishedBy!, language)}`;
        return `${s.scheme} (${language === 'it' ? 'pubblicato' : 'published'} ${when})`;
      })
      .join('; ');
  return finding(
    code,
    'redirect',
    {
      it: `${lead.it} ${countryLabel(state, 'it')}, Stato con schema eID notificato eIDAS: ${describe('it')}, ${listDate.it}.`,
      en: `${lead.en} ${countryLabel(state, 'en')}, a state with an eIDAS-notified eID scheme: ${describe('en')}, ${listDate.en}.`,
    },
    [...facts, ...schemes.map((s) => ({ name: 'eidasList.sourceUrl', value: s.sourceUrl }))],
    'EIDAS',
    'EIDAS_AVAILABLE',
  );
}

function unconfirmedFinding(
  state: string,
  schemes: EidasSchemeEntry[],
  listDate: LocalizedText,
  facts: EligibilityFinding['facts'],
): EligibilityFinding {
  const notes = (language: 'it' | 'en') =>
    schemes
      .map((s) => s.note?.[language])
      .filter(Boolean)
      .join(' ');
  return finding(
    'EIDAS_UNCONFIRMED',
    'warning',
    {
      it: `${countryLabel(state, 'it')}: notifica eIDAS non confermata, ${listDate.it}. ${notes('it')}`.trim(),
      en: `${countryLabel(state, 'en')}: eIDAS notification not confirmed, ${listDate.en}. ${notes('en')}`.trim(),
    },
    facts,
  );
}

async function askCliclavoro(
  deps: EligibilityDeps,
  query: CliclavoroQuery,
): Promise<{ status: EligibilityResult['cliclavoro']; finding: EligibilityFinding }> {
  const queryFacts = [
    { name: 'cliclavoro.query.email', value: query.email ?? '' },
    { name: 'cliclavoro.query.name', value: `${query.givenNames ?? ''} ${query.surname ?? ''}`.trim() },
    ...(query.birthDate ? [{ name: 'cliclavoro.query.birthDate', value: query.birthDate }] : []),
  ];
  const answer = await withTimeout(
    Promise.resolve().then(() => deps.lookupCliclavoro(query)),
    deps.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS,
  );
  const parsed = CliclavoroResultSchema.safeParse(answer).data;
  if (!parsed) {
    const reported = (answer as { error?: unknown } | null)?.error;
    const why = typeof reported === 'string' && reported !== '' ? reported : 'malformed answer';
    return {
      status: 'UNKNOWN',
      finding: finding(
        'CLICLAVORO_UNAVAILABLE',
        'pending',
        {
          it: `Verifica Cliclavoro non disponibile (${why}): ripeterla prima di accreditare, per non duplicare un account esistente.`,
          en: `Cliclavoro check unavailable (${why}): repeat it before accrediting, so as not to duplicate an existing account.`,
        },
        [...queryFacts, { name: 'cliclavoro.error', value: why }],
      ),
    };
  }
  if (parsed.exists) {
    return {
      status: 'FOUND',
      finding: finding(
        'CLICLAVORO_ACCOUNT',
        'redirect',
        {
          it: `Esiste già un account Cliclavoro (corrispondenza su: ${parsed.matchedOn.join(', ')}): il richiedente continua a usare quelle credenziali, con cambio password al primo accesso.`,
          en: `A Cliclavoro account already exists (matched on: ${parsed.matchedOn.join(', ')}): the applicant keeps using those credentials, changing the password at first access.`,
        },
        [...queryFacts, { name: 'cliclavoro.matchedOn', value: parsed.matchedOn.join(', ') }],
        'CLICLAVORO',
        'CLICLAVORO_ACCOUNT',
      ),
    };
  }
  return {
    status: 'NOT_FOUND',
    finding: finding(
      'CLICLAVORO_NONE',
      'info',
      { it: 'Nessun account Cliclavoro trovato.', en: 'No Cliclavoro account found.' },
      queryFacts,
    ),
  };
}

/** The lookup's answer, or an error answer when it rejects or outlives the timeout. */
async function withTimeout(answer: Promise<CliclavoroAnswer>, timeoutMs: number): Promise<CliclavoroAnswer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CliclavoroAnswer>((resolve) => {
    timer = setTimeout(() => resolve({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([answer.catch((error: unknown) => ({ error: errorText(error) })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function summarize(decisive: EligibilityFinding | undefined, pending: boolean, warnings: number): LocalizedText {
  const check =
    warnings === 0
      ? { it: '', en: '' }
      : warnings === 1
        ? { it: ' 1 avviso da verificare.', en: ' 1 warning to check.' }
        : { it: ` ${warnings} avvisi da verificare.`, en: ` ${warnings} warnings to check.` };
  if (decisive) {
    const target = { SPID_CIE: 'SPID/CIE', EIDAS: 'eIDAS', CLICLAVORO: 'Cliclavoro' }[decisive.redirectTarget!];
    return {
      it: `Reindirizzare a ${target}. ${decisive.message.it}${check.it}`,
      en: `Redirect to ${target}. ${decisive.message.en}${check.en}`,
    };
  }
  if (pending) {
    return {
      it: `Accreditabile come Utente Estero, salvo la verifica Cliclavoro ancora da fare.${check.it}`,
      en: `Eligible for Utente Estero credentials, pending the Cliclavoro check.${check.en}`,
    };
  }
  return {
    it: `Accreditabile come Utente Estero: nessun codice fiscale italiano valido, nessuno schema eIDAS notificato applicabile, nessun account Cliclavoro.${check.it}`,
    en: `Eligible for Utente Estero credentials: no valid Italian codice fiscale, no applicable eIDAS-notified scheme, no Cliclavoro account.${check.en}`,
  };
}

function finding(
  code: EligibilityFinding['code'],
  level: EligibilityFinding['level'],
  message: LocalizedText,
  facts: EligibilityFinding['facts'],
  redirectTarget: EligibilityFinding['redirectTarget'] = null,
  reasonCode: EligibilityFinding['reasonCode'] = null,
): EligibilityFinding {
  return { code, level, message, facts, redirectTarget, reasonCode };
}
