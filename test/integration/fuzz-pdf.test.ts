/**
 * 1,000 broken, random and hostile files through readPdfForm: every one must come back as a read
 * or a coded problem — no exception, no unhandled rejection, no read that outlives its deadline.
 * Seeded, so a failure names a file that can be rebuilt.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfFormResultSchema, type PdfFormStatus } from '../../common/checks/pdf-form.ts';
import type { CheckProblemCode } from '../../common/checks/text.ts';
import { readPdfForm } from '../../electron/services/documents/pdf/read-pdf-form.ts';
import { fillForm } from '../../server/demo/form-filler.ts';
import { renderIdDocument } from '../../server/demo/id-document.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { ANNA_CARD } from '../support/icao-specimen.ts';

const TIMEOUT_MS = 3000;
/** Time for the reader to give its answer after the deadline (terminating and replacing its thread). */
const GRACE_MS = 2000;

const random = seededRandom(20250310);
const int = (below: number) => Math.floor(random() * below);
const randomBytes = (length: number) => Uint8Array.from({ length }, () => int(256));
const latin1 = (text: string) => Buffer.from(text, 'latin1');

let form: Uint8Array;
let scan: Uint8Array;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  form = await fillForm({
    cognome: 'Rossi',
    nome: 'Maria',
    data_nascita: '1980-05-17',
    sesso: 'F',
    ruolo: 'cittadino',
    servizio_distacco_transnazionale: true,
    consenso_privacy: true,
    luogo_firma: 'Bucarest',
    data_firma: '2025-03-01',
  });
  scan = (await renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 7, format: 'pdf' })).bytes;
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

function flipBits(source: Uint8Array, flips: number): Uint8Array {
  const bytes = new Uint8Array(source);
  for (let i = 0; i < flips; i++) bytes[int(bytes.length)]! ^= 1 << int(8);
  return bytes;
}

/** A region of the file copied over another place: the damage a bad disk or a bad merge does. */
function spliced(source: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(source);
  const length = 1 + int(2048);
  bytes.copyWithin(int(bytes.length), int(bytes.length), int(bytes.length) + length);
  return bytes;
}

/** A classic PDF from object bodies, with a correct cross-reference table unless told otherwise. */
function pdfOf(objects: string[], trailer = '/Root 1 0 R'): Uint8Array {
  const parts = ['%PDF-1.7\n'];
  let length = parts[0]!.length;
  const offsets = objects.map((object, i) => {
    const offset = length;
    const part = `${i + 1} 0 obj\n${object}\nendobj\n`;
    parts.push(part);
    length += part.length;
    return offset;
  });
  parts.push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) parts.push(`${String(offset).padStart(10, '0')} 00000 n \n`);
  parts.push(`trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${length}\n%%EOF\n`);
  return latin1(parts.join(''));
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';

/** Files aimed at the parser's limits rather than at random. */
const HOSTILE: (() => Uint8Array | Promise<Uint8Array>)[] = [
  // Huge object counts: a hundred thousand objects, in a table and without one.
  () => pdfOf([CATALOG, '<< /Type /Pages /Kids [] /Count 0 >>', ...Array.from({ length: 100_000 }, (_, i) => `${i}`)]),
  () =>
    latin1(
      `%PDF-1.7\n${Array.from({ length: 150_000 }, (_, i) => `${i + 1} 0 obj\n<< /A ${i} >>\nendobj\n`).join('')}`,
    ),
  // A page tree that claims a billion pages, one that loops, one that nests 5,000 deep.
  () => pdfOf([CATALOG, '<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>', '<< /Type /Page /Parent 2 0 R >>']),
  () =>
    pdfOf([CATALOG, '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']),
  () =>
    pdfOf([
      CATALOG,
      ...Array.from(
        { length: 5000 },
        (_, i) => `<< /Type /Pages /Kids [${i + 3} 0 R] /Count 1 ${i > 0 ? `/Parent ${i + 1} 0 R` : ''} >>`,
      ),
      '<< /Type /Page >>',
    ]),
  // Arrays nested 100,000 deep; a dictionary with a string of a million opening parentheses.
  () => pdfOf([`<< /Type /Catalog /Pages ${'['.repeat(100_000)} >>`]),
  () => pdfOf([`<< /Type /Catalog /X (${'('.repeat(1_000_000)} >>`]),
  // 20,000 form fields, and fields whose parents loop.
  () =>
    pdfOf([
      '<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>',
      `<< /Fields [${Array.from({ length: 20_000 }, (_, i) => `${i + 5} 0 R`).join(' ')}] >>`,
      ...Array.from(
        { length: 20_000 },
        (_, i) => `<< /FT /Tx /T (f${i}) /V (${i}) /Subtype /Widget /Rect [0 0 1 1] >>`,
      ),
    ]),
  () =>
    pdfOf([
      '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
      '<< /FT /Tx /T (a) /Kids [4 0 R] /Parent 4 0 R >>',
      '<< /T (b) /Kids [3 0 R] /Parent 3 0 R >>',
    ]),
  // A stream longer than the file says, a cross-reference table pointing past the end, no trailer.
  () => pdfOf([CATALOG, '<< /Type /Pages /Kids [] /Count 0 >>', '<< /Length 999999999 >>\nstream\nabc\nendstream']),
  () =>
    latin1(
      `%PDF-1.7\n1 0 obj\n${CATALOG}\nendobj\nxref\n0 2\n0000000000 65535 f \n0099999999 00000 n \nstartxref\n9\n%%EOF`,
    ),
  () => latin1(`%PDF-1.7\n1 0 obj\n${CATALOG}\nendobj\n`),
  // Too many pages, each an empty page: refused before any page is parsed.
  async () => {
    const pdf = await PDFDocument.create();
    for (let i = 0; i < 500; i++) pdf.addPage([10, 10]);
    return pdf.save();
  },
];

const CATEGORIES: [name: string, count: number, make: (i: number) => Uint8Array | Promise<Uint8Array>][] = [
  ['random bytes', 150, () => randomBytes(int(4096))],
  [
    'a PDF header and garbage',
    150,
    () => new Uint8Array([...latin1(`%PDF-1.${int(8)}\n`), ...randomBytes(int(65_536))]),
  ],
  ['truncated filled forms', 200, () => form.subarray(0, 1 + int(form.length - 1))],
  ['bit-flipped filled forms', 300, () => flipBits(form, 1 + int(64))],
  ['spliced filled forms', 100, () => spliced(form)],
  [
    'bit-flipped or truncated scans',
    87,
    (i) => (i % 2 ? flipBits(scan, 1 + int(32)) : scan.subarray(0, int(scan.length))),
  ],
  ['hostile structures', HOSTILE.length, (i) => HOSTILE[i]!()],
];

describe('readPdfForm on 1,000 broken files', () => {
  it('has 1,000 files', () => {
    expect(CATEGORIES.reduce((sum, [, count]) => sum + count, 0)).toBe(1000);
  });

  it.each(CATEGORIES)(
    '%s (%i files): each a read or a coded problem, within the deadline',
    async (name, count, make) => {
      const statuses: Partial<Record<PdfFormStatus | CheckProblemCode, number>> = {};
      let slowest = 0;
      for (let i = 0; i < count; i++) {
        const bytes = await make(i);
        const started = performance.now();
        const result = await Promise.race([
          readPdfForm(bytes, { timeoutMs: TIMEOUT_MS }),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`${name} #${i}: no answer`)), TIMEOUT_MS + GRACE_MS).unref(),
          ),
        ]);
        slowest = Math.max(slowest, performance.now() - started);
        expect(PdfFormResultSchema.safeParse(result).success, `${name} #${i}`).toBe(true);
        const key = result.status === 'UNREADABLE' ? result.problems[0]!.code : result.status;
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
      console.info(`${name}: ${JSON.stringify(statuses)}, slowest ${Math.round(slowest)} ms`);
      expect(slowest).toBeLessThan(TIMEOUT_MS + GRACE_MS);
      expect(unhandled).toEqual([]);
    },
    120_000,
  );
});
