/**
 * Hostile documents: mutations of the demo generators' files (filled, flattened and blank PDF
 * forms; ID documents as PNG, JPEG and scanned PDF) through the two readers that take files from
 * applicants, readPdfForm and the MRZ reader. Mutations are byte-level (flipped bits, truncation,
 * spliced, inserted, deleted or overwritten runs) and format-aware (PDF numbers and keywords
 * swapped, PNG and JPEG headers declaring other sizes), and the declared type is sometimes wrong.
 *
 * Invariant: every file comes back as a result its schema accepts, a refusal carrying a known
 * problem code, within the reader's own deadline; no exception, no unhandled rejection.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { MrzReadResultSchema } from '../../common/checks/mrz.ts';
import { PdfFormResultSchema } from '../../common/checks/pdf-form.ts';
import { CHECK_PROBLEM_CODES } from '../../common/checks/text.ts';
import { createMrzReader, type MrzReader } from '../../electron/services/documents/mrz/index.ts';
import { readPdfForm } from '../../electron/services/documents/pdf/read-pdf-form.ts';
import { fillForm } from '../../server/demo/form-filler.ts';
import { renderIdDocument } from '../../server/demo/id-document.ts';
import { ANNA, ANNA_CARD } from '../support/icao-specimen.ts';
import { runCampaign, type CampaignResult } from './harness.ts';

const PDF_TIMEOUT_MS = 3_000;
const IMAGE_TIMEOUT_MS = 5_000;
/** Time for a reader to answer after its own deadline (it terminates and replaces its thread). */
const GRACE_MS = 5_000;

type ByteEdit =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'splice'; from: number; to: number; length: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'number'; nth: number; value: string }
  | { kind: 'keyword'; nth: number; replacement: string }
  | { kind: 'dimensions'; width: number; height: number };

/** Positions are fractions of the file, so one edit means something in any file. */
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const PDF_KEYWORDS = [
  'obj',
  'endobj',
  'stream',
  'endstream',
  'xref',
  'trailer',
  'startxref',
  ' R',
  '/Length',
  '/Filter',
  '/FlateDecode',
  '/DCTDecode',
  '/Kids',
  '/Count',
  '/Fields',
  '/AcroForm',
  '/Root',
  '/Parent',
  '/Type',
  '/Page',
  '/Pages',
  '/Size',
  '/Prev',
  '/ObjStm',
  '[',
  ']',
  '<<',
  '>>',
  '(',
];
const PDF_NUMBERS = ['0', '-1', '1', '65535', '2147483648', '99999999999', '1e9', '3.4028235e38', '-0', 'NaN'];

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.integer({ min: 0, max: 7 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fraction }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      from: fraction,
      to: fraction,
      length: fc.integer({ min: 1, max: 4096 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fraction,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 512 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fraction,
      length: fc.integer({ min: 1, max: 4096 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('overwrite' as const),
      at: fraction,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('number' as const),
      nth: fc.nat(),
      value: fc.constantFrom(...PDF_NUMBERS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('keyword' as const),
      nth: fc.nat(),
      replacement: fc.constantFrom(...PDF_KEYWORDS, ''),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('dimensions' as const),
      width: fc.constantFrom(0, 1, 7, 20_000, 65_535, 2 ** 31 - 1),
      height: fc.constantFrom(0, 1, 9, 30_000, 65_535, 2 ** 31 - 1),
    }),
  },
);

const at = (bytes: Uint8Array, position: number) => Math.floor(position * bytes.length);
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** The nth match of `pattern` in the file, replaced: how a broken writer or a hostile one damages a PDF. */
function replaceNth(bytes: Uint8Array, pattern: RegExp, nth: number, replacement: string): Uint8Array {
  const text = latin1(bytes);
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return bytes;
  const match = matches[nth % matches.length]!;
  return Buffer.from(text.slice(0, match.index) + replacement + text.slice(match.index + match[0].length), 'latin1');
}

/** Patches the size in a PNG's IHDR or a JPEG's start-of-frame; other files are left as they are. */
function withDimensions(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const view = new DataView(copy.buffer);
  if (copy[0] === 0x89 && copy[1] === 0x50 && copy.length > 24) {
    view.setUint32(16, width);
    view.setUint32(20, height);
  } else if (copy[0] === 0xff && copy[1] === 0xd8) {
    for (let offset = 2; offset + 9 < copy.length; offset += 2 + view.getUint16(offset + 2)) {
      const marker = copy[offset + 1]!;
      if (marker >= 0xc0 && marker <= 0xc2) {
        view.setUint16(offset + 5, height & 0xffff);
        view.setUint16(offset + 7, width & 0xffff);
        break;
      }
    }
  }
  return copy;
}

export function applyEdit(bytes: Uint8Array, edit: ByteEdit): Uint8Array {
  switch (edit.kind) {
    case 'flip': {
      const copy = Uint8Array.from(bytes);
      if (copy.length > 0) copy[at(copy, edit.at)]! ^= 1 << edit.bit;
      return copy;
    }
    case 'truncate':
      return bytes.slice(0, at(bytes, edit.keep));
    case 'splice': {
      const copy = Uint8Array.from(bytes);
      copy.copyWithin(at(copy, edit.to), at(copy, edit.from), at(copy, edit.from) + edit.length);
      return copy;
    }
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at(bytes, edit.at)), edit.bytes, bytes.subarray(at(bytes, edit.at))]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at(bytes, edit.at)), bytes.subarray(at(bytes, edit.at) + edit.length)]);
    case 'overwrite': {
      const copy = Uint8Array.from(bytes);
      copy.set(edit.bytes.subarray(0, Math.max(0, copy.length - at(copy, edit.at))), at(copy, edit.at));
      return copy;
    }
    case 'number':
      return replaceNth(bytes, /\b\d+\b/g, edit.nth, edit.value);
    case 'keyword':
      return replaceNth(
        bytes,
        /\b(?:obj|endobj|stream|endstream|xref|trailer|startxref)\b|\/[A-Za-z]+|<<|>>/g,
        edit.nth,
        edit.replacement,
      );
    case 'dimensions':
      return withDimensions(bytes, edit.width, edit.height);
  }
}

interface DocumentCase {
  seed: number;
  edits: ByteEdit[];
  /** For the MRZ reader: the type the upload declared (usually the true one). */
  declared: string | undefined;
}

const documentCase = (seeds: number): fc.Arbitrary<DocumentCase> =>
  fc.record({
    seed: fc.integer({ min: 0, max: seeds - 1 }),
    edits: fc.array(byteEdit, { minLength: 1, maxLength: 4 }),
    declared: fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'image/png',
          'image/jpeg',
          'application/pdf',
          'application/octet-stream',
          'text/plain',
          '',
        ),
      },
    ),
  });

const describeCase = (names: string[]) => (c: DocumentCase) =>
  `${names[c.seed]} declared ${c.declared ?? '(true type)'}: ${JSON.stringify(c.edits.map((e) => ('bytes' in e ? { ...e, bytes: Buffer.from(e.bytes).toString('hex') } : e)))}`;

const known: ReadonlySet<string> = new Set(CHECK_PROBLEM_CODES);

export interface DocumentSeeds {
  pdf: { name: string; bytes: Uint8Array }[];
  image: { name: string; bytes: Uint8Array; mimeType: string }[];
}

/** The demo generators' files the mutations start from. */
export async function documentSeeds(): Promise<DocumentSeeds> {
  const values = {
    cognome: 'Rossi',
    nome: 'Maria',
    data_nascita: '1980-05-17',
    sesso: 'F',
    ruolo: 'cittadino',
    servizio_distacco_transnazionale: true,
    consenso_privacy: true,
    luogo_firma: 'Bucarest',
    data_firma: '2025-03-01',
  };
  const [filled, flattened, card, passport, scan] = await Promise.all([
    fillForm(values),
    fillForm(values, { flatten: true }),
    renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 1, noise: 0.2 }),
    renderIdDocument(ANNA, { layout: 'TD3', seed: 2, format: 'jpeg', jpegQuality: 60, rotation: 2 }),
    renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 3, format: 'pdf' }),
  ]);
  const blank = new Uint8Array(
    readFileSync(new URL('../../resources/forms/accreditamento-utente-estero-v1.pdf', import.meta.url)),
  );
  return {
    pdf: [
      { name: 'filled form', bytes: filled },
      { name: 'flattened form', bytes: flattened },
      { name: 'blank form', bytes: blank },
      { name: 'scanned ID (PDF)', bytes: scan.bytes },
    ],
    image: [
      { name: 'ID card PNG', bytes: card.bytes, mimeType: 'image/png' },
      { name: 'passport JPEG', bytes: passport.bytes, mimeType: 'image/jpeg' },
      { name: 'scanned ID PDF', bytes: scan.bytes, mimeType: 'application/pdf' },
    ],
  };
}

const mutate = (bytes: Uint8Array, edits: ByteEdit[]) => edits.reduce(applyEdit, bytes);

export function fuzzPdfForms(seeds: DocumentSeeds, options: { cases: number; seed: number }): Promise<CampaignResult> {
  return runCampaign<DocumentCase>({
    boundary: 'pdf',
    cases: options.cases,
    seed: options.seed,
    deadlineMs: PDF_TIMEOUT_MS + GRACE_MS,
    arbitrary: documentCase(seeds.pdf.length),
    describe: describeCase(seeds.pdf.map((s) => s.name)),
    async run(c) {
      const result = await readPdfForm(mutate(seeds.pdf[c.seed]!.bytes, c.edits), { timeoutMs: PDF_TIMEOUT_MS });
      const checked = PdfFormResultSchema.safeParse(result);
      if (!checked.success) throw new Error(`not a PdfFormResult: ${checked.error.message.slice(0, 300)}`);
      if (result.status !== 'UNREADABLE') return result.status;
      const code = result.problems[0]?.code;
      if (!code || !known.has(code))
        throw new Error(`UNREADABLE without a known problem code: ${JSON.stringify(result.problems)}`);
      return code;
    },
  });
}

export function fuzzIdImages(
  seeds: DocumentSeeds,
  reader: MrzReader,
  options: { cases: number; seed: number; timeoutMs?: number },
): Promise<CampaignResult> {
  const timeoutMs = options.timeoutMs ?? IMAGE_TIMEOUT_MS;
  return runCampaign<DocumentCase>({
    boundary: 'image',
    cases: options.cases,
    seed: options.seed,
    deadlineMs: timeoutMs + GRACE_MS,
    arbitrary: documentCase(seeds.image.length),
    describe: describeCase(seeds.image.map((s) => s.name)),
    async run(c) {
      const source = seeds.image[c.seed]!;
      const result = await reader.read(mutate(source.bytes, c.edits), c.declared ?? source.mimeType, { timeoutMs });
      const checked = MrzReadResultSchema.safeParse(result);
      if (!checked.success) throw new Error(`not an MrzReadResult: ${checked.error.message.slice(0, 300)}`);
      if (result.ok) return 'read';
      if (!known.has(result.problem.code)) throw new Error(`unknown problem code ${result.problem.code}`);
      return result.problem.code;
    },
  });
}

export const createFuzzMrzReader = (): MrzReader => createMrzReader();
