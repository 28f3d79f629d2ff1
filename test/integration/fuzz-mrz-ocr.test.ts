/**
 * 1,000 broken, random and hostile inputs: files through readMrzFromFile (random bytes, empty
 * files, real PNG/JPEG/PDF truncated or with bytes flipped, headers declaring huge images, the
 * wrong declared type) and strings through parseMrz. Every one must come back as a read or a
 * coded problem — no exception, no unhandled rejection — and most damaged files must be refused
 * before OCR. Seeded, so a failure names an input that can be rebuilt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MrzReadResultSchema, MrzResultSchema } from '../../common/checks/mrz.ts';
import { CHECK_PROBLEM_CODES } from '../../common/checks/text.ts';
import { createMrzReader, parseMrz, type MrzReader } from '../../electron/services/documents/mrz/index.ts';
import { renderIdDocument } from '../../server/demo/id-document.ts';
import { composeMrz } from '../../server/demo/mrz.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { ANNA, ANNA_CARD } from '../support/icao-specimen.ts';

const random = seededRandom(9303);
const int = (below: number) => Math.floor(random() * below);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const randomBytes = (length: number) => Uint8Array.from({ length }, () => int(256));

const MIME_TYPES = ['image/png', 'image/jpeg', 'application/pdf', 'application/octet-stream', 'text/plain', ''];
const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', pdf: 'application/pdf' };

interface FileCase {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  /** The problem codes this input may be answered with, besides a read; undefined: any coded problem. */
  expect?: readonly string[];
}

let reader: MrzReader;
let real: Record<'png' | 'jpeg' | 'pdf', Uint8Array>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  reader = createMrzReader({ timeoutMs: 5000 });
  const [png, jpeg, pdf] = await Promise.all([
    renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 1, noise: 0.2 }),
    renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 2, format: 'jpeg', jpegQuality: 60 }),
    renderIdDocument(ANNA, { layout: 'TD3', seed: 3, format: 'pdf', jpegQuality: 70 }),
  ]);
  real = { png: png.bytes, jpeg: jpeg.bytes, pdf: pdf.bytes };
});

afterAll(async () => {
  await reader.dispose();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

function fileCases(): FileCase[] {
  const cases: FileCase[] = [];
  const kinds = ['png', 'jpeg', 'pdf'] as const;
  for (let i = 0; i < 110; i++) {
    cases.push({ name: `random ${i}`, bytes: randomBytes(1 + int(4096)), mimeType: pick(MIME_TYPES) });
  }
  for (const mimeType of MIME_TYPES)
    cases.push({ name: `empty ${mimeType}`, bytes: new Uint8Array(0), mimeType, expect: ['FILE_EMPTY'] });
  for (let i = 0; i < 70; i++) {
    // A real signature, then noise.
    const kind = pick(kinds);
    const head = {
      png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      jpeg: [0xff, 0xd8, 0xff],
      pdf: [...Buffer.from('%PDF-1.7\n')],
    }[kind];
    const bytes = randomBytes(head.length + int(3000));
    bytes.set(head);
    cases.push({ name: `${kind} signature then noise ${i}`, bytes, mimeType: MIME[kind]! });
  }
  for (let i = 0; i < 70; i++) {
    const kind = pick(kinds);
    const whole = real[kind];
    cases.push({ name: `${kind} truncated ${i}`, bytes: whole.slice(0, int(whole.length)), mimeType: MIME[kind]! });
  }
  // Flipped bytes: the PNG's CRCs catch most; JPEG and PDF decoders often carry on, so fewer of them reach OCR.
  const flips: [(typeof kinds)[number], number][] = [
    ['png', 60],
    ['jpeg', 20],
    ['pdf', 20],
  ];
  for (const [kind, count] of flips) {
    for (let i = 0; i < count; i++) {
      const bytes = real[kind].slice();
      for (let k = 1 + int(20); k > 0; k--) {
        const at = int(bytes.length);
        bytes[at] = bytes[at]! ^ (1 << int(8));
      }
      cases.push({ name: `${kind} bit-flipped ${i}`, bytes, mimeType: MIME[kind]! });
    }
  }
  for (let i = 0; i < 30; i++) {
    const kind = i % 2 === 0 ? 'png' : 'jpeg';
    const [width, height] = [pick([0, 1, 20_000, 65_535]), pick([0, 30_000, 65_535])];
    cases.push({
      name: `${kind} declaring ${width}×${height} ${i}`,
      bytes: withDimensions(real[kind], kind, width, height),
      mimeType: MIME[kind]!,
      expect: ['IMAGE_TOO_LARGE', 'CORRUPT_FILE'],
    });
  }
  for (let i = 0; i < 14; i++) {
    // A real file declared as something else: the bytes decide.
    const kind = pick(kinds);
    cases.push({ name: `${kind} declared wrongly ${i}`, bytes: real[kind], mimeType: pick(MIME_TYPES) });
  }
  return cases;
}

/** Patches the size in the PNG IHDR or the JPEG start-of-frame. */
function withDimensions(bytes: Uint8Array, kind: 'png' | 'jpeg', width: number, height: number): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (kind === 'png') {
    view.setUint32(16, width);
    view.setUint32(20, height);
    return copy;
  }
  for (let offset = 2; offset + 9 < copy.length;) {
    const marker = copy[offset + 1]!;
    if (marker >= 0xc0 && marker <= 0xc2) {
      view.setUint16(offset + 5, height);
      view.setUint16(offset + 7, width);
      return copy;
    }
    offset += 2 + view.getUint16(offset + 2);
  }
  throw new Error('no start-of-frame in the JPEG');
}

function mrzStrings(): string[] {
  const strings: string[] = [];
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
  const junk = ['é', 'ß', '«', '-', ' ', '\t', '\n', '\r\n', 'a', 'z', '0', '<', '\u0000', '😀'];
  const valid = [composeMrz(ANNA, 'TD3'), composeMrz(ANNA_CARD, 'TD1')].map((lines) => lines.join('\n'));
  for (let i = 0; i < 600; i++) {
    const roll = i % 4;
    if (roll === 0) {
      // MRZ-alphabet lines of random counts and lengths, near and far from the formats.
      const lines = Array.from({ length: 1 + int(4) }, () =>
        Array.from({ length: pick([int(50), 29, 30, 31, 35, 36, 37, 43, 44, 45]) }, () => pick([...alphabet])).join(''),
      );
      strings.push(lines.join(pick(['\n', ' ', '\r\n', ''])));
    } else if (roll === 1) {
      strings.push(
        Array.from({ length: int(120) }, () => (random() < 0.8 ? pick([...alphabet]) : pick(junk))).join(''),
      );
    } else {
      // A valid MRZ with a few characters inserted, deleted or replaced (the alphabet's or junk).
      let text = pick(valid);
      for (let k = 1 + int(3); k > 0; k--) {
        const at = int(text.length);
        const char = random() < 0.7 ? pick([...alphabet]) : pick(junk);
        text = pick([
          text.slice(0, at) + char + text.slice(at),
          text.slice(0, at) + text.slice(at + 1),
          text.slice(0, at) + char + text.slice(at + 1),
        ]);
      }
      strings.push(text);
    }
  }
  return strings;
}

describe('MRZ fuzz: 1,000 inputs', () => {
  it('answers every file with a read or a coded problem, refusing most before OCR', { timeout: 120_000 }, async () => {
    const cases = fileCases();
    expect(cases.length).toBe(400);
    let reachedOcr = 0;
    for (const input of cases) {
      const result = MrzReadResultSchema.parse(await reader.read(input.bytes, input.mimeType));
      if (result.timings.ocrMs > 0) reachedOcr++;
      if (result.ok) continue;
      expect(CHECK_PROBLEM_CODES, input.name).toContain(result.problem.code);
      if (input.expect) expect(input.expect, input.name).toContain(result.problem.code);
    }
    // Only files whose MRZ zone survived intact get as far as recognition: the 14 real files
    // declared wrongly, and a few damaged ones.
    expect(reachedOcr).toBeGreaterThanOrEqual(14);
    expect(reachedOcr).toBeLessThan(80);
    expect(unhandled).toEqual([]);
  });

  it('answers every string with a parse or a coded problem', () => {
    const strings = mrzStrings();
    expect(strings.length).toBe(600);
    for (const text of strings) {
      const checked = MrzResultSchema.safeParse(parseMrz(text));
      expect(checked.error, JSON.stringify(text)).toBeUndefined();
      const result = checked.data!;
      if (!result.ok) {
        expect(['MRZ_BAD_LENGTH', 'MRZ_BAD_ALPHABET', 'MRZ_UNKNOWN_FORMAT'], JSON.stringify(text)).toContain(
          result.problem.code,
        );
      }
    }
    expect(unhandled).toEqual([]);
  });
});
