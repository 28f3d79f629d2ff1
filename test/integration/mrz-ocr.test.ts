/**
 * readMrzFromFile on generated identity documents, through the real workers: every condition of
 * the benchmark, documents printed with a wrong check digit, the PDF rendering path, files refused
 * before decoding, timeouts, and the calling thread kept free. Also checks that the OCR-B glyph
 * table the shape matcher ships is what the font gives (`vitest run -u` regenerates it).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PDFDocument, degrees } from 'pdf-lib';
import { PNG } from 'pngjs';
import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MrzReadResultSchema, type MrzRead, type MrzReadResult } from '../../common/checks/mrz.ts';
import { OCR_CONDITIONS, ocrSamples } from '../../bench/checks/ocr.ts';
import { toGray } from '../../electron/services/documents/images/gray-image.ts';
import {
  createMrzReader,
  disposeMrzReader,
  readMrzFromFile,
  type MrzReader,
} from '../../electron/services/documents/mrz/index.ts';
import { glyphGrid } from '../../electron/services/documents/ocr/glyph-grid.ts';
import { renderIdDocument, type IdDocument } from '../../server/demo/id-document.ts';
import type { CheckDigitField, MrzRecord } from '../../server/demo/mrz.ts';
import { Canvas } from '../../server/demo/raster/canvas.ts';
import { measureText, ocrB, textPath } from '../../server/demo/raster/fonts.ts';
import { ANNA, ANNA_CARD } from '../support/icao-specimen.ts';

const NOW = new Date('2026-01-01T00:00:00Z');
let reader: MrzReader;

beforeAll(() => {
  reader = createMrzReader();
});
afterAll(async () => {
  await reader.dispose();
  await disposeMrzReader();
});

function expectRead(result: MrzReadResult): MrzRead {
  const checked = MrzReadResultSchema.parse(result);
  if (!checked.ok) throw new Error(`expected a read, got ${checked.problem.code}: ${checked.problem.message.en}`);
  expect(JSON.parse(JSON.stringify(checked))).toEqual(checked);
  return checked;
}

function expectProblem(result: MrzReadResult, code: string): void {
  const checked = MrzReadResultSchema.parse(result);
  expect(checked.ok ? 'a read' : checked.problem.code).toBe(code);
  if (!checked.ok) {
    expect(checked.problem.message.it.length).toBeGreaterThan(10);
    expect(checked.problem.message.en.length).toBeGreaterThan(10);
  }
}

const read = (document: IdDocument, options = {}) =>
  reader.read(document.bytes, document.mimeType, { now: NOW, ...options });

describe('readMrzFromFile: generated documents', () => {
  const samples = [...ocrSamples(2, 11)];

  for (const condition of OCR_CONDITIONS) {
    it(`reads ${condition.replace('_', ' ')} passports and identity cards exactly`, async () => {
      for (const sample of samples.filter((s) => s.condition === condition)) {
        const document = await renderIdDocument(sample.record, sample.options);
        const result = expectRead(await read(document));
        expect(result.lines, `${sample.layout} seed ${sample.options.seed}`).toEqual(document.mrz);
        expect(result.mrz.format).toBe(sample.layout);
        expect(result.mrz.valid).toBe(true);
        expect(result.mrz.fields.documentNumber).toBe(sample.record.documentNumber);
        expect(result.mrz.fields.birthDate).toBe(sample.record.birthDate);
        expect(result.source.kind).toBe(sample.options.format === 'pdf' ? 'pdf' : sample.options.format);
        expect(result.rawLines.map((l) => l.length)).toEqual(document.mrz.map((l) => l.length));
        expect(result.confidence).toBeGreaterThan(0.5);
      }
    });
  }

  it('reads the ICAO specimen card and passport through the shared reader', async () => {
    const card = await renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 4 });
    const passport = await renderIdDocument(ANNA, { layout: 'TD3', seed: 4, format: 'jpeg', jpegQuality: 60 });
    const cardRead = expectRead(await readMrzFromFile(card.bytes, card.mimeType, { now: NOW }));
    expect(cardRead.lines).toEqual([
      'I<UTOD231458907<<<<<<<<<<<<<<<',
      '7408122F1204159UTO<<<<<<<<<<<6',
      'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    ]);
    const passportRead = expectRead(await readMrzFromFile(passport.bytes, passport.mimeType, { now: NOW }));
    expect(passportRead.lines[1]).toBe('L898902C36UTO7408122F1204159ZE184226B<<<<<10');
    expect(passportRead.mrz.expired).toBe(true);
  });

  it('reads a TD1 document number longer than 9 characters', async () => {
    const record: MrzRecord = { ...ANNA_CARD, documentNumber: 'D23145890734', optionalData: 'AB12' };
    const document = await renderIdDocument(record, { layout: 'TD1', seed: 8, noise: 0.3 });
    const result = expectRead(await read(document));
    expect(result.lines).toEqual(document.mrz);
    expect(result.mrz.fields.documentNumber).toBe('D23145890734');
    expect(result.mrz.fields.optionalData).toBe('AB12');
    expect(result.mrz.checkDigits.documentNumber).toBe(true);
  });
});

describe('readMrzFromFile: a wrong check digit stays wrong', () => {
  const fields: CheckDigitField[] = ['documentNumber', 'birthDate', 'expiryDate', 'composite'];
  // Look-alikes in fields only the composite covers: the easiest place to "correct" a wrong composite.
  const lookAlikes: MrzRecord = { ...ANNA_CARD, documentNumber: 'B0O8S5Z21', optionalData: 'O0B8S5Z2I1' };
  for (const field of fields) {
    it(`reads a ${field} check digit printed wrong as printed, and reports it failing`, async () => {
      for (const [record, layout] of [
        [ANNA, 'TD3'],
        [lookAlikes, 'TD1'],
      ] as const) {
        const document = await renderIdDocument(record, { layout, seed: 21, noise: 0.3, break: field });
        const result = expectRead(await read(document));
        expect(result.lines).toEqual(document.mrz);
        expect(result.mrz.checkDigits[field]).toBe(false);
        expect(result.mrz.valid).toBe(false);
        expect(result.corrections.filter((c) => c.reason === 'check-digit')).toEqual([]);
      }
    });
  }
});

describe('readMrzFromFile: files', () => {
  it('renders a PDF page whose scan is drawn askew, and reads it', async () => {
    const card = await renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 5, format: 'jpeg', jpegQuality: 80 });
    const pdf = await PDFDocument.create();
    const image = await pdf.embedJpg(card.bytes);
    pdf.addPage([595, 842]).drawImage(image, { x: 40, y: 500, width: 243, height: 153, rotate: degrees(2) });
    const result = expectRead(await reader.read(await pdf.save(), 'application/pdf', { now: NOW }));
    expect(result.lines).toEqual(card.mrz);
    // Rendered at 300 dpi: an A4 page, not the embedded picture.
    expect(result.source).toEqual({ kind: 'pdf', width: 2479, height: 3508 });
  });

  it('reads a card with a shadow darkening its left half', async () => {
    const document = await renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 10, noise: 0.3 });
    const png = PNG.sync.read(Buffer.from(document.bytes));
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const light = 1 - 0.6 * Math.max(0, 1 - x / (png.width * 0.7));
        for (let c = 0; c < 3; c++)
          png.data[(y * png.width + x) * 4 + c] = png.data[(y * png.width + x) * 4 + c]! * light;
      }
    }
    expect(expectRead(await reader.read(PNG.sync.write(png), 'image/png')).lines).toEqual(document.mrz);
  });

  it('answers MRZ_NOT_FOUND for a document cut above its MRZ and for a blank page', async () => {
    const document = await renderIdDocument(ANNA, { layout: 'TD3', seed: 6 });
    const png = PNG.sync.read(Buffer.from(document.bytes));
    const top = new PNG({ width: png.width, height: Math.round(png.height * 0.7) });
    PNG.bitblt(png, top, 0, 0, png.width, top.height, 0, 0);
    expectProblem(await reader.read(PNG.sync.write(top), 'image/png'), 'MRZ_NOT_FOUND');
    const blank = new PNG({ width: 800, height: 600 });
    blank.data.fill(255);
    expectProblem(await reader.read(PNG.sync.write(blank), 'image/png'), 'MRZ_NOT_FOUND');
  });

  it('refuses before decoding: empty, too many bytes, not an image, more pixels than allowed', async () => {
    const small = createMrzReader({ maxBytes: 1000, maxPixels: 1_000_000 });
    try {
      const document = await renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 7 });
      const cases: [Uint8Array, string, string][] = [
        [new Uint8Array(0), 'image/png', 'FILE_EMPTY'],
        [document.bytes, 'image/png', 'FILE_TOO_LARGE'],
        [new TextEncoder().encode('just some text'), 'text/plain', 'UNSUPPORTED_TYPE'],
        [new TextEncoder().encode('not really a png'), 'image/png', 'CORRUPT_FILE'],
        [pngHeader(1200, 900), 'image/png', 'IMAGE_TOO_LARGE'],
        [jpegHeader(2000, 2000), 'image/jpeg', 'IMAGE_TOO_LARGE'],
      ];
      for (const [bytes, mimeType, code] of cases) {
        const result = await small.read(bytes, mimeType);
        expectProblem(result, code);
        expect(result.timings.imageMs).toBe(0);
      }
    } finally {
      await small.dispose();
    }
  });

  it('times out a file that takes too long, then reads the next one', async () => {
    const document = await renderIdDocument(ANNA, { layout: 'TD3', seed: 9, format: 'pdf' });
    expectProblem(await read(document, { timeoutMs: 1 }), 'TIMEOUT');
    expect(expectRead(await read(document)).lines).toEqual(document.mrz);
  });

  it('keeps the calling thread free while it decodes and recognises', async () => {
    const documents = await Promise.all(
      [0, 1].map((seed) => renderIdDocument(ANNA, { layout: 'TD3', seed, format: 'pdf', noise: 0.4 })),
    );
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    for (const document of documents) expectRead(await read(document));
    const elapsed = performance.now() - started;
    delay.disable();
    // The longest the thread was held is a small part of the time the reads took.
    expect(delay.max / 1e6).toBeLessThan(Math.max(100, elapsed / 6));
  });
});

describe('OCR-B glyph table', () => {
  it('is what the font gives', async () => {
    const target = '../../electron/services/documents/ocr/ocr-b-glyphs.ts';
    await expect(await ocrBGlyphModule(new URL(target, import.meta.url).pathname)).toMatchFileSnapshot(target);
  });
});

/** A PNG signature and IHDR chunk declaring a size, and nothing else. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

/** A JPEG start-of-image and baseline frame header declaring a size. */
function jpegHeader(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    0xff,
    0xd8,
    0xff,
    0xc0,
    0,
    11,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    1,
    1,
    0x11,
    0,
  ]);
}

/** The glyph table module, generated from the Debian OCR-B font the demo documents are printed with. */
async function ocrBGlyphModule(path: string): Promise<string> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
  const style = { font: ocrB(), size: 56 };
  const pitch = measureText('<', style);
  const rows = [...alphabet].map((char) => {
    const [width, height] = [Math.ceil(pitch * 3), Math.ceil(style.size * 3)];
    const canvas = new Canvas(width, height, [255, 255, 255]);
    canvas.fill(textPath(char, pitch, style.size * 2, style), [0, 0, 0]);
    const gray = toGray(new Uint8Array(canvas.data.buffer), width, height, 4);
    const grid = glyphGrid(gray, 128, { left: pitch, right: 2 * pitch, top: 0, bottom: height })!;
    return `  [${JSON.stringify(char).replace(/"/g, "'")}, '${[...grid].map((v) => Math.round(v * 9)).join('')}'],`;
  });
  const text = `/**
 * OCR-B (the MRZ typeface, ISO 1073-2) as the shape matcher sees it: for each MRZ character, ink
 * coverage on the glyph grid of glyph-grid.ts, row by row, one digit 0–9 per square. Generated from
 * Matthew Skala's public-domain OCR-B (Debian fonts-ocr-b) by test/integration/mrz-ocr.test.ts,
 * which checks this file against the font; regenerate with
 * \`npx vitest run -u test/integration/mrz-ocr.test.ts\`.
 */
export const OCR_B_GLYPHS: readonly (readonly [string, string])[] = [
${rows.join('\n')}
];
`;
  return format(text, { ...(await resolveConfig(path)), parser: 'typescript' });
}
