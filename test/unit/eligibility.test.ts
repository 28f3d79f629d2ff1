import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EidasListSchema,
  EligibilityResultSchema,
  TaxIdClassificationSchema,
  type EidasList,
  type EligibilityInput,
} from '../../common/checks/eligibility.ts';
import {
  evaluateEligibility,
  type CliclavoroLookup,
  type CliclavoroQuery,
} from '../../electron/services/rules/eligibility.ts';
import { classifyTaxId } from '../../electron/services/rules/tax-id.ts';

const LIST: EidasList = EidasListSchema.parse(
  JSON.parse(
    readFileSync(fileURLToPath(new URL('../../resources/eidas/notified-schemes.json', import.meta.url)), 'utf8'),
  ),
);
const TODAY = new Date('2026-11-23T10:00:00Z');

const applicant = (patch: Partial<EligibilityInput['applicant']> = {}): EligibilityInput['applicant'] => ({
  nome: 'Priya',
  cognome: 'Sharma',
  email: 'priya.sharma@example.in',
  nationality: 'IN',
  residenceCountry: 'IN',
  ...patch,
});

const none: CliclavoroLookup = async () => ({ exists: false, matchedOn: [] });
const found: CliclavoroLookup = async () => ({ exists: true, matchedOn: ['email'] });
const offline: CliclavoroLookup = async () => ({ error: 'offline' });

async function evaluate(input: EligibilityInput, lookup: CliclavoroLookup = none, eidasList: EidasList = LIST) {
  const result = await evaluateEligibility(input, {
    eidasList,
    lookupCliclavoro: lookup,
    today: TODAY,
    lookupTimeoutMs: 200,
  });
  // Every result honours the contract schema and explains itself in both languages.
  expect(EligibilityResultSchema.parse(result)).toEqual(result);
  for (const finding of result.findings) {
    expect(finding.message.it.length, finding.code).toBeGreaterThan(10);
    expect(finding.message.en.length, finding.code).toBeGreaterThan(10);
    expect(finding.facts.length, finding.code).toBeGreaterThan(0);
  }
  return result;
}

const codes = (result: { findings: { code: string; level: string }[] }) =>
  result.findings.map((f) => `${f.code}:${f.level}`);

describe('classifyTaxId', () => {
  it.each([
    [undefined, 'EMPTY'],
    ['   ', 'EMPTY'],
    ['RSSMRA80A01H501U', 'ITALIAN_CF'],
    ['rssmra 80a01 h501u', 'ITALIAN_CF'],
    ['RSSMRAULALMHRLMD', 'ITALIAN_CF'],
    ['RSSMRA80A01H501X', 'ITALIAN_CF_TYPO'],
    ['RSSMRA80A01H5O1U', 'ITALIAN_CF_TYPO'],
    ['RSSMRA80A01H501', 'ITALIAN_CF_TYPO'],
    ['RSSMRA80A01H501UU', 'ITALIAN_CF_TYPO'],
    ['00743110157', 'PARTITA_IVA'],
    ['IT00743110157', 'PARTITA_IVA'],
    ['00743110158', 'PARTITA_IVA_INVALID'],
    ['DE123456789', 'OTHER'],
    ['X1234567Z', 'OTHER'],
    ['1234567890123456', 'OTHER'],
    ['ABCDEFGHIJKLMNOP', 'OTHER'],
  ])('%s → %s', (input, kind) => {
    const result = classifyTaxId(input, { today: TODAY });
    expect(TaxIdClassificationSchema.parse(result)).toEqual(result);
    expect(result.kind).toBe(kind);
  });

  it('explains a typo with the expected check character', () => {
    const result = classifyTaxId('RSSMRA80A01H501X');
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CHECK_CHARACTER', expected: 'U' })]);
    expect(result.message.it).toContain('atteso U');
    expect(result.message.en).toMatch(/Ask the applicant/);
  });

  it('keeps the decoded codice fiscale of a valid one, and says a partita IVA is no proof of a company', () => {
    expect(classifyTaxId('VRDGNN85M52F205S').codiceFiscale).toMatchObject({ sex: 'F', birthplace: { code: 'F205' } });
    expect(classifyTaxId('00743110157').message.en).toMatch(/temporary personal codice fiscale/);
  });
});

describe('evaluateEligibility', () => {
  it('redirects a valid Italian codice fiscale to SPID/CIE before eIDAS and Cliclavoro', async () => {
    const result = await evaluate(
      { applicant: applicant({ nationality: 'DE', residenceCountry: 'DE', codiceFiscalePiva: 'rssmra80a01h501u' }) },
      found,
    );
    expect(result).toMatchObject({
      outcome: 'REDIRECT_SPID_CIE',
      redirectTarget: 'SPID_CIE',
      reasonCode: 'HAS_ITALIAN_CF',
      decidedBy: 'ITALIAN_CF',
      pending: false,
      cliclavoro: 'FOUND',
    });
    // The lower-precedence routes are still shown to the operator.
    expect(codes(result)).toEqual(
      expect.arrayContaining(['EIDAS_NATIONALITY:redirect', 'CLICLAVORO_ACCOUNT:redirect']),
    );
    const cf = result.findings.find((f) => f.code === 'ITALIAN_CF')!;
    expect(cf.facts).toEqual(expect.arrayContaining([{ name: 'codiceFiscale.birthDate', value: '1980-01-01' }]));
    expect(result.summary.it).toMatch(/^Reindirizzare a SPID\/CIE/);
  });

  it('warns when the codice fiscale was born on another day than the applicant', async () => {
    const result = await evaluate({
      applicant: applicant({ codiceFiscalePiva: 'RSSMRA80A01H501U', birthDate: '1981-01-01' }),
    });
    expect(result.outcome).toBe('REDIRECT_SPID_CIE');
    expect(codes(result)).toContain('CF_BIRTH_DATE_MISMATCH:warning');
    const agreeing = await evaluate({
      applicant: applicant({ codiceFiscalePiva: 'RSSMRA80A01H501U', birthDate: '1980-01-01' }),
    });
    expect(codes(agreeing)).not.toContain('CF_BIRTH_DATE_MISMATCH:warning');
  });

  it('redirects Italian citizens to SPID/CIE even without a codice fiscale', async () => {
    const result = await evaluate({ applicant: applicant({ nationality: 'IT', residenceCountry: 'BR' }) });
    expect(result).toMatchObject({
      outcome: 'REDIRECT_SPID_CIE',
      reasonCode: 'HAS_ITALIAN_CF',
      decidedBy: 'ITALIAN_CITIZEN',
    });
  });

  it('does not redirect a probable codice fiscale typo, but warns the operator', async () => {
    const result = await evaluate({ applicant: applicant({ codiceFiscalePiva: 'RSSMRA80A01H501X' }) });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(codes(result)).toContain('CF_PROBABLE_TYPO:warning');
    expect(result.summary.en).toContain('1 warning to check');
  });

  it('redirects a national of a notified state to eIDAS, citing the list date', async () => {
    const result = await evaluate({ applicant: applicant({ nationality: 'ES', residenceCountry: 'ES' }) });
    expect(result).toMatchObject({
      outcome: 'REDIRECT_EIDAS',
      redirectTarget: 'EIDAS',
      reasonCode: 'EIDAS_AVAILABLE',
      decidedBy: 'EIDAS_NATIONALITY',
      eidasList: { version: LIST.version, publishedAt: LIST.publishedAt, checkedAt: '2021-05' },
    });
    const finding = result.findings.find((f) => f.code === 'EIDAS_NATIONALITY')!;
    expect(finding.message.it).toContain('secondo l’elenco del 23 novembre 2026');
    expect(finding.message.it).toContain('entro maggio 2021');
    expect(finding.message.en).toContain('Spain (ES)');
    expect(finding.facts).toEqual(
      expect.arrayContaining([
        { name: 'applicant.nationality', value: 'ES' },
        { name: 'eidasList.version', value: String(LIST.version) },
      ]),
    );
  });

  it('shows an exact publication date when the list has one', async () => {
    const list = structuredClone(LIST);
    const es = list.entries.find((e) => e.state === 'ES')!;
    delete es.publishedBy;
    es.publishedAt = '2019-11-07';
    const result = await evaluate({ applicant: applicant({ nationality: 'ES', residenceCountry: 'ES' }) }, none, list);
    expect(result.findings.find((f) => f.code === 'EIDAS_NATIONALITY')?.message.en).toContain(
      'published 7 November 2019',
    );
  });

  it('redirects a holder of a notified eID of another state (e.g. a German residence permit)', async () => {
    const result = await evaluate({ applicant: applicant({ residenceCountry: 'DE' }), eidHolderOf: ['DE'] }, found);
    expect(result).toMatchObject({
      outcome: 'REDIRECT_EIDAS',
      decidedBy: 'EIDAS_EID_HOLDER',
      reasonCode: 'EIDAS_AVAILABLE',
    });
    expect(codes(result)).not.toContain('EIDAS_RESIDENCE:warning');
    expect(result.findings.find((f) => f.code === 'EIDAS_EID_HOLDER')?.facts).toContainEqual({
      name: 'eidHolderOf',
      value: 'DE',
    });
  });

  it('asks the operator about an eID when the applicant lives in a notified state', async () => {
    const result = await evaluate({ applicant: applicant({ residenceCountry: 'SK' }) });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(codes(result)).toContain('EIDAS_RESIDENCE:warning');
  });

  it('asks whether a resident of Italy has a codice fiscale', async () => {
    const result = await evaluate({ applicant: applicant({ residenceCountry: 'IT' }) });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(codes(result)).toContain('ITALIAN_RESIDENT:warning');
  });

  it('keeps an unconfirmed notification as a warning, not a redirect', async () => {
    const result = await evaluate({ applicant: applicant({ nationality: 'FR', residenceCountry: 'FR' }) });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(codes(result)).toContain('EIDAS_UNCONFIRMED:warning');
    const holder = await evaluate({ applicant: applicant(), eidHolderOf: ['SE', 'US'] });
    expect(holder.outcome).toBe('ELIGIBLE');
    expect(codes(holder)).toEqual(expect.arrayContaining(['EIDAS_UNCONFIRMED:warning', 'EIDAS_EID_HOLDER:info']));
  });

  it('finds EU and EEA states without a notified scheme eligible, and says why', async () => {
    for (const state of ['GR', 'NO']) {
      const result = await evaluate({ applicant: applicant({ nationality: state, residenceCountry: state }) });
      expect(result.outcome).toBe('ELIGIBLE');
      expect(codes(result)).toContain('EU_WITHOUT_EIDAS:info');
    }
  });

  it('follows the data file, not a list in the code', async () => {
    const withoutDenmark = { ...LIST, entries: LIST.entries.filter((e) => e.state !== 'DK') };
    const result = await evaluate(
      { applicant: applicant({ nationality: 'DK', residenceCountry: 'DK' }) },
      none,
      withoutDenmark,
    );
    expect(result.outcome).toBe('ELIGIBLE');
    expect(codes(result)).toContain('EU_WITHOUT_EIDAS:info');
  });

  it('redirects an existing Cliclavoro account, and sends the lookup the applicant data', async () => {
    const queries: CliclavoroQuery[] = [];
    const result = await evaluate({ applicant: applicant({ birthDate: '1990-04-02' }) }, async (query) => {
      queries.push(query);
      return { exists: true, matchedOn: ['surname', 'givenNames', 'birthDate'] };
    });
    expect(queries).toEqual([
      { email: 'priya.sharma@example.in', surname: 'Sharma', givenNames: 'Priya', birthDate: '1990-04-02' },
    ]);
    expect(result).toMatchObject({
      outcome: 'REDIRECT_CLICLAVORO',
      redirectTarget: 'CLICLAVORO',
      reasonCode: 'CLICLAVORO_ACCOUNT',
      cliclavoro: 'FOUND',
    });
    expect(result.findings.find((f) => f.code === 'CLICLAVORO_ACCOUNT')?.facts).toContainEqual({
      name: 'cliclavoro.matchedOn',
      value: 'surname, givenNames, birthDate',
    });
  });

  it('finds a non-EU applicant with no other route eligible', async () => {
    const result = await evaluate({ applicant: applicant({ codiceFiscalePiva: '00743110157' }) });
    expect(result).toMatchObject({
      outcome: 'ELIGIBLE',
      redirectTarget: null,
      reasonCode: null,
      decidedBy: null,
      pending: false,
      cliclavoro: 'NOT_FOUND',
    });
    expect(codes(result)).toEqual(['PARTITA_IVA:info', 'NON_EU:info', 'CLICLAVORO_NONE:info']);
    expect(result.summary.it).toMatch(/^Accreditabile/);
  });

  it.each<[string, CliclavoroLookup]>([
    ['an error answer', offline],
    ['a rejected promise', () => Promise.reject(new Error('ECONNREFUSED'))],
    [
      'a synchronous throw',
      () => {
        throw new Error('no client');
      },
    ],
    ['a malformed answer', async () => ({ exists: 'yes' }) as never],
    ['no answer in time', () => new Promise(() => undefined)],
  ])('marks the Cliclavoro check pending on %s', async (_, lookup) => {
    const result = await evaluate({ applicant: applicant() }, lookup);
    expect(result).toMatchObject({ outcome: 'ELIGIBLE', pending: true, cliclavoro: 'UNKNOWN' });
    expect(codes(result)).toContain('CLICLAVORO_UNAVAILABLE:pending');
    expect(result.summary.en).toContain('pending the Cliclavoro check');
  });

  it('is not pending when a higher-precedence redirect already decides', async () => {
    const result = await evaluate({ applicant: applicant({ nationality: 'PT', residenceCountry: 'PT' }) }, offline);
    expect(result).toMatchObject({ outcome: 'REDIRECT_EIDAS', pending: false, cliclavoro: 'UNKNOWN' });
  });

  it('refuses malformed input', async () => {
    await expect(
      evaluateEligibility({ applicant: applicant(), eidHolderOf: ['de'] }, { eidasList: LIST, lookupCliclavoro: none }),
    ).rejects.toThrow(/ISO 3166/);
  });
});
