import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketChecks } from '../../common/checks/ticket-checks.ts';
import { demoApplicant, type DemoApplicant } from '../../server/demo/population.ts';
import { seedDemoData } from '../../server/demo/seed.ts';
import { startApiFixture } from '../support/api-fixture.ts';
import { startConsole } from '../support/console-fixture.ts';

// A seed whose 30 people include every case below (the error names what is missing if the population changes).
const COUNT = 30;
const SEED = 14;
const today = new Date();
type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let desk: ReturnType<typeof startConsole>;
const population: DemoApplicant[] = [];

beforeAll(async () => {
  api = await startApiFixture();
  await seedDemoData(api.server, { count: COUNT, seed: SEED, today });
  for (let i = 0; i < COUNT; i += 1) population.push(demoApplicant(SEED, i, today, (j) => population[j]!));
  const token = await api.loginAs('op-anna');
  desk = startConsole({ apiUrl: api.server.url, token, operatorId: 'op-anna' });
  await desk.settled();
}, 180_000);
afterAll(async () => {
  await desk?.remove();
  await api?.close();
});

const ticketId = (index: number) => `UE-${today.getUTCFullYear()}-${String(index + 1).padStart(6, '0')}`;
const checksOf = (index: number) => desk.call<TicketChecks>('checks.get', { ticketId: ticketId(index) });
const find = (predicate: (person: DemoApplicant) => boolean, what: string) => {
  const person = population.find(predicate);
  if (!person) throw new Error(`the demo population (seed ${SEED}, ${COUNT} people) has no ${what}: change the seed`);
  return person;
};
const open = (p: DemoApplicant) => p.targetState === 'DOCS_RECEIVED' || p.targetState === 'UNDER_REVIEW';
const clean = (p: DemoApplicant) =>
  !p.defects.brokenMrz && !p.defects.expired && !p.defects.flattenedForm && !p.defects.formMismatch;

describe('checks engine on the demo data set', () => {
  it('suggests approval for a clean eligible applicant, with every field agreeing', async () => {
    const person = find(
      (p) => p.kind === 'eligible' && open(p) && clean(p) && !p.defects.expiringSoon,
      'clean open ticket',
    );
    const checks = await checksOf(person.index);
    expect(checks.mrz.source).toBe('read');
    expect(checks.mrz.used?.fields.documentNumber).toBe(person.document.documentNumber);
    expect(checks.form?.result.status).toBe('READ');
    expect(checks.crossCheck.fields.filter((f) => f.status !== 'MATCH')).toEqual([]);
    expect(checks.eligibility?.outcome).toBe('ELIGIBLE');
    // The demo's filled forms also leave out fields at random: then, and only then, the form asks for more.
    const form = checks.form!.result;
    const formErrors = form.status === 'READ' ? form.findings.filter((f) => f.severity === 'error') : [];
    if (formErrors.length === 0)
      expect(checks.verdict.suggestion).toMatchObject({ action: 'APPROVE', reasonCodes: [] });
    else {
      expect(checks.verdict.suggestion.action).toBe('REQUEST_INFO');
      expect(
        checks.verdict.suggestion.reasonCodes.every((c) => c === 'INCOMPLETE_FORM' || c === 'MISSING_SIGNATURE'),
      ).toBe(true);
    }
  });

  it('flags a deliberate mismatch between the form and the document', async () => {
    const person = find(
      (p) =>
        p.kind === 'eligible' &&
        open(p) &&
        p.defects.formMismatch !== undefined &&
        !p.defects.flattenedForm &&
        !p.defects.brokenMrz &&
        !p.defects.expired,
      'form mismatch on a readable form',
    );
    const checks = await checksOf(person.index);
    const field = person.defects.formMismatch === 'surname' ? 'surname' : 'birthDate';
    expect(checks.crossCheck.fields.find((f) => f.field === field)?.status).toBe('NO_MATCH');
    expect(checks.verdict.suggestion.action).toBe('REQUEST_INFO');
    expect(checks.verdict.suggestion.reasonCodes).toContain('NAME_MISMATCH');
  });

  it('finds a broken check digit and an expired document', async () => {
    const broken = find((p) => p.kind === 'eligible' && p.defects.brokenMrz !== undefined, 'broken MRZ');
    const brokenChecks = await checksOf(broken.index);
    expect(brokenChecks.mrz.used?.checkDigits[broken.defects.brokenMrz!]).toBe(false);
    expect(brokenChecks.verdict.suggestion.reasonCodes).toContain('MRZ_CHECK_FAILED');

    const expired = find(
      (p) => p.kind === 'eligible' && open(p) && p.defects.expired === true && !p.defects.brokenMrz,
      'expired',
    );
    const expiredChecks = await checksOf(expired.index);
    expect(expiredChecks.mrz.used?.expired).toBe(true);
    expect(expiredChecks.verdict.suggestion.reasonCodes).toContain('DOC_EXPIRED');
  });

  it('redirects an Italian codice fiscale to SPID/CIE and a notified eIDAS state to eIDAS', async () => {
    const italian = await checksOf(find((p) => p.kind === 'italian-cf', 'Italian CF').index);
    expect(italian.verdict.suggestion).toMatchObject({
      action: 'REDIRECT',
      redirectTarget: 'SPID_CIE',
      reasonCodes: ['HAS_ITALIAN_CF'],
    });
    const eidas = await checksOf(find((p) => p.kind === 'eidas', 'eIDAS national').index);
    expect(eidas.verdict.suggestion).toMatchObject({
      action: 'REDIRECT',
      redirectTarget: 'EIDAS',
      reasonCodes: ['EIDAS_AVAILABLE'],
    });
  });

  it('redirects an applicant the central API knows from Cliclavoro', async () => {
    const checks = await checksOf(find((p) => p.kind === 'cliclavoro', 'Cliclavoro account').index);
    expect(checks.eligibility?.cliclavoro).toBe('FOUND');
    expect(checks.verdict.suggestion).toMatchObject({ action: 'REDIRECT', redirectTarget: 'CLICLAVORO' });
  });

  it('lists the earlier ticket of a duplicate applicant', async () => {
    const person = find((p) => p.kind === 'duplicate' && p.duplicateOf !== undefined, 'duplicate');
    // Duplicate search reads the document numbers of checked tickets: check the original first.
    await checksOf(person.duplicateOf!);
    const checks = await checksOf(person.index);
    expect(checks.duplicates.map((d) => d.ticketId)).toContain(ticketId(person.duplicateOf!));
  });

  it('takes an MRZ typed by the operator over the one read, and goes back when it is cleared', async () => {
    const person = find((p) => p.kind === 'eligible' && open(p) && clean(p), 'clean open ticket');
    const read = await checksOf(person.index);
    const lines = read.mrz.used!.lines;
    // The operator's correction: a different (valid) document number would change the cross-check.
    const typed = await desk.call<TicketChecks>('checks.setMrz', {
      ticketId: ticketId(person.index),
      text: lines.join('\n'),
    });
    expect(typed.mrz.source).toBe('typed');
    expect(typed.mrz.typed?.operatorId).toBe('op-anna');
    const cleared = await desk.call<TicketChecks>('checks.setMrz', { ticketId: ticketId(person.index), text: null });
    expect(cleared.mrz.source).toBe('read');
  });

  it('keeps results: a second look answers from the cache', async () => {
    const person = find((p) => p.kind === 'eligible' && open(p), 'open ticket');
    const first = await checksOf(person.index);
    const second = await checksOf(person.index);
    expect(second.computedAt).toBe(first.computedAt);
    const refreshed = await desk.call<TicketChecks>('checks.get', {
      ticketId: ticketId(person.index),
      refresh: true,
    });
    expect(refreshed.computedAt >= first.computedAt).toBe(true);
  });

  it('previews the applicant e-mail in their language, with the form attached for SEND_FORM', async () => {
    const person = find((p) => p.targetState === 'NEW' && p.applicant.language === 'de', 'German-speaking NEW ticket');
    const mail = await desk.call<{
      language: string;
      subject: string;
      body: string;
      attachments: { filename: string }[];
      missingPlaceholders: string[];
    }>('mail.preview', { ticketId: ticketId(person.index), action: 'SEND_FORM' });
    expect(mail.language).toBe('de');
    expect(mail.body).toContain(person.applicant.cognome);
    expect(mail.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.pdf$/)]);
    expect(mail.missingPlaceholders).toEqual([]);
  });

  it('answers bad input with coded errors, never a crash', async () => {
    await expect(desk.call('checks.get', { ticketId: 'UE-1999-999999' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(desk.call('checks.parseMrz', { text: 'x'.repeat(301) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const parsed = await desk.call<{ ok: boolean; problem?: { code: string } }>('checks.parseMrz', {
      text: 'P<UTO',
    });
    expect(parsed).toMatchObject({ ok: false });
  });
});
