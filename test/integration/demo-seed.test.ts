import { createHash } from 'node:crypto';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { parse as parseMrz } from 'mrz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCodiceFiscaleShape } from '../../common/domain/codice-fiscale.ts';
import { composeMrz } from '../../server/demo/mrz.ts';
import { demoApplicant, type DemoApplicant } from '../../server/demo/population.ts';
import { renderIdDocument } from '../../server/demo/id-document.ts';
import { seedDemoData } from '../../server/demo/seed.ts';
import { startApiFixture } from '../support/api-fixture.ts';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const COUNT = 36;
const SEED = 7;
const today = new Date();
type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
const population: DemoApplicant[] = [];

beforeAll(async () => {
  api = await startApiFixture();
  await seedDemoData(api.server, { count: COUNT, seed: SEED, today });
  for (let i = 0; i < COUNT; i += 1) population.push(demoApplicant(SEED, i, today, (j) => population[j]!));
}, 120_000);
afterAll(() => api.close());

const ticketOf = (index: number) =>
  api.server.tickets.get(`UE-${today.getUTCFullYear()}-${String(index + 1).padStart(6, '0')}`);
const CHECK_DIGIT = {
  documentNumber: 'documentNumberCheckDigit',
  birthDate: 'birthDateCheckDigit',
  expiryDate: 'expirationDateCheckDigit',
  composite: 'compositeCheckDigit',
} as const;

describe('demo data set', () => {
  it('brings every ticket to its planned lifecycle state', () => {
    const states = population.map((person, i) => [i, ticketOf(i).state]);
    expect(states).toEqual(population.map((person, i) => [i, person.targetState]));
    expect(new Set(states.map(([, state]) => state)).size).toBeGreaterThanOrEqual(6);
  });

  it('is deterministic: the same seed renders the same documents', async () => {
    const person = population[0]!;
    const again = await renderIdDocument(person.document, {
      layout: person.layout,
      seed: SEED * 100_000,
      format: person.defects.format,
      ...(person.defects.rotation === undefined ? {} : { rotation: person.defects.rotation }),
      ...(person.defects.noise === undefined ? {} : { noise: person.defects.noise }),
      ...(person.defects.brokenMrz ? { break: person.defects.brokenMrz } : {}),
    });
    const stored = ticketOf(0).attachments.find((a) => a.kind === 'ID_COPY');
    expect(createHash('sha256').update(again.bytes).digest('hex')).toBe(stored?.sha256);
  });

  it('prints MRZs that validate, or fail exactly at the check digit meant to be broken', () => {
    for (const person of population) {
      const broken = person.defects.brokenMrz;
      const result = parseMrz(composeMrz(person.document, person.layout, broken ? { break: broken } : {}));
      const invalid = result.details.filter((d) => !d.valid).map((d) => d.field);
      if (!broken) expect(invalid, `applicant ${person.index}`).toEqual([]);
      else {
        expect(invalid, `applicant ${person.index}`).toContain(CHECK_DIGIT[broken]);
        expect(invalid.every((f) => f === CHECK_DIGIT[broken] || f === 'compositeCheckDigit')).toBe(true);
      }
    }
    expect(population.some((p) => p.defects.brokenMrz)).toBe(true);
  });

  it('attaches filled forms that pdf.js reads back, flattened ones without fields', async () => {
    let read = 0;
    for (const [index, person] of population.entries()) {
      const form = ticketOf(index).attachments.find((a) => a.kind === 'FORM');
      if (!form) continue;
      const bytes = api.server.tickets.attachment(ticketOf(index).id, form.sha256).data;
      const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
      const fields = (await document.getFieldObjects()) as Record<string, { value?: unknown }[]> | null;
      if (person.defects.flattenedForm) {
        expect(fields, `applicant ${index}`).toBeNull();
        continue;
      }
      const value = (name: string) => fields?.[name]?.map((widget) => widget.value).find((v) => v != null);
      expect(value('email')).toBe(person.applicant.email);
      expect(value('documento_numero')).toBe(person.document.documentNumber);
      if (person.defects.formMismatch === 'surname') expect(value('cognome')).not.toBe(person.applicant.cognome);
      else expect(value('cognome')).toBe(person.applicant.cognome);
      read += 1;
    }
    expect(read).toBeGreaterThan(5);
  });

  it('has valid phone numbers, and valid Italian tax codes where it means to', () => {
    for (const person of population) {
      expect(isValidPhoneNumber(person.applicant.telefono), person.applicant.telefono).toBe(true);
      if (person.kind === 'italian-cf')
        expect(isCodiceFiscaleShape(person.applicant.codiceFiscalePiva ?? '')).toBe(true);
      if (person.kind === 'partita-iva') expect(person.applicant.codiceFiscalePiva).toMatch(/^\d{11}$/);
    }
  });

  it('registers legacy Cliclavoro users and duplicates that share an e-mail or a document number', () => {
    for (const person of population.filter((p) => p.kind === 'cliclavoro')) {
      expect(api.server.cliclavoro.lookup({ email: person.applicant.email }).exists).toBe(true);
    }
    for (const person of population.filter((p) => p.duplicateOf !== undefined)) {
      const original = population[person.duplicateOf!]!;
      const shares =
        original.applicant.email === person.applicant.email ||
        original.document.documentNumber === person.document.documentNumber;
      expect(shares).toBe(true);
    }
  });

  it('leaves a database that already has tickets as it is', async () => {
    expect(await seedDemoData(api.server, { count: 5, seed: 1 })).toEqual({ skipped: true, existing: COUNT });
  });
});
