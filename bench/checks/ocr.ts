/**
 * MRZ OCR accuracy and speed on generated identity documents: passports (TD3) and identity
 * cards (TD1) rendered by the demo generator from seeded records, under five conditions —
 * clean, noisy, askew, JPEG-compressed, and scanned to PDF. A read is exact when every MRZ line
 * read (after corrections) equals the printed one, which is every field exactly.
 */
import { ELIGIBLE_COUNTRIES, EIDAS_COUNTRIES } from '../../server/demo/countries.ts';
import { renderIdDocument, type IdDocumentOptions } from '../../server/demo/id-document.ts';
import type { MrzRecord } from '../../server/demo/mrz.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { createMrzReader } from '../../electron/services/documents/ocr/read-mrz-file.ts';
import { percentile } from '../harness.ts';

export const OCR_CONDITIONS = ['clean', 'noisy', 'rotated', 'jpeg', 'scanned_pdf'] as const;
export type OcrCondition = (typeof OCR_CONDITIONS)[number];
export type Layout = 'TD1' | 'TD3';

export interface OcrSample {
  condition: OcrCondition;
  layout: Layout;
  record: MrzRecord;
  options: IdDocumentOptions;
}

const COUNTRIES = [...ELIGIBLE_COUNTRIES, ...EIDAS_COUNTRIES];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUMERIC = `${LETTERS}0123456789`;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chars = (random: () => number, alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const isoDay = (random: () => number, fromYear: number, years: number) => {
  const day = new Date(Date.UTC(fromYear, 0, 1) + Math.floor(random() * years * 365.25) * 86_400_000);
  return day.toISOString().slice(0, 10);
};

/** A holder and document as varied as the help desk sees: names from the demo countries, numbers of every shape. */
export function sampleRecord(random: () => number, layout: Layout): MrzRecord {
  const country = pick(random, COUNTRIES);
  const sex = random() < 0.06 ? 'X' : random() < 0.5 ? 'F' : 'M';
  const givenNames = pick(random, country.givenNames[sex === 'X' ? 'F' : sex]);
  const surname = pick(random, country.surnames);
  // Letters and digits mixed at random positions, where look-alikes (0/O, 1/I, 8/B) hurt most.
  const numberLength = layout === 'TD1' && random() < 0.2 ? 10 + Math.floor(random() * 3) : 9;
  const documentNumber =
    random() < 0.5
      ? chars(random, LETTERS, 2) + chars(random, '0123456789', numberLength - 2)
      : chars(random, ALPHANUMERIC, numberLength);
  const optionalRoom = layout === 'TD3' ? 14 : numberLength > 9 ? 15 - (numberLength - 9) - 2 : 15;
  const optionalData =
    random() < 0.4 ? chars(random, ALPHANUMERIC, Math.floor(random() * Math.min(optionalRoom, 11))) : '';
  return {
    documentType: layout === 'TD3' ? 'P' : pick(random, ['I', 'ID', 'IR', 'AC', 'C']),
    issuingState: country.icao,
    surname,
    givenNames,
    documentNumber,
    nationality: random() < 0.85 ? country.icao : pick(random, COUNTRIES).icao,
    birthDate: isoDay(random, 1940, 65),
    sex,
    expiryDate: isoDay(random, 2018, 20),
    ...(optionalData ? { optionalData } : {}),
  };
}

/** The rendering options of a condition, varied within it by the seed. */
export function conditionOptions(
  random: () => number,
  condition: OcrCondition,
  layout: Layout,
  seed: number,
): IdDocumentOptions {
  const base = { layout, seed };
  switch (condition) {
    case 'clean':
      return { ...base, format: 'png' };
    case 'noisy':
      return { ...base, format: 'png', noise: 0.3 + random() * 0.2 };
    case 'rotated': {
      const degrees = (1 + random() * 4) * (random() < 0.5 ? -1 : 1);
      return { ...base, format: 'png', rotation: Math.round(degrees * 10) / 10 };
    }
    case 'jpeg':
      return { ...base, format: 'jpeg', jpegQuality: 40 + Math.floor(random() * 31) };
    case 'scanned_pdf':
      return { ...base, format: 'pdf', jpegQuality: 60 + Math.floor(random() * 26), noise: random() * 0.2 };
  }
}

/** `perCondition` documents for each condition, half TD1 and half TD3, all from one seed. */
export function* ocrSamples(perCondition: number, seed = 1): Generator<OcrSample> {
  const random = seededRandom(seed);
  for (const condition of OCR_CONDITIONS) {
    for (let i = 0; i < perCondition; i++) {
      const layout: Layout = i % 2 === 0 ? 'TD3' : 'TD1';
      const record = sampleRecord(random, layout);
      yield {
        condition,
        layout,
        record,
        options: conditionOptions(random, condition, layout, Math.floor(random() * 2 ** 31)),
      };
    }
  }
}

export interface MeasureOcrOptions {
  /** Documents per condition (half TD1, half TD3); 40 gives the 200 images of the goal. */
  perCondition?: number;
  seed?: number;
  /** Each miss, as it happens. */
  log?: (line: string) => void;
}

export async function measureOcr(options: MeasureOcrOptions = {}): Promise<Record<string, number>> {
  const { perCondition = 40, seed = 1, log = () => {} } = options;
  const reader = createMrzReader();
  const now = new Date('2026-01-01T00:00:00Z');
  const times: Record<string, number[]> = {};
  const exact: Record<string, number> = {};
  let wrongButValid = 0;
  try {
    for (const sample of ocrSamples(perCondition, seed)) {
      let document;
      try {
        document = await renderIdDocument(sample.record, sample.options);
      } catch {
        continue; // A name too long for the data page: the generator's limit, not the reader's.
      }
      const result = await reader.read(document.bytes, document.mimeType, { now });
      const key = sample.condition;
      (times[key] ??= []).push(result.timings.totalMs);
      const hit = result.ok && result.lines.join('\n') === document.mrz.join('\n');
      exact[key] = (exact[key] ?? 0) + (hit ? 1 : 0);
      if (!hit) {
        if (result.ok && result.mrz.valid) wrongButValid++;
        const got = result.ok ? result.lines.join(' / ') : result.problem.code;
        log(`${key} ${sample.layout} seed ${sample.options.seed}: printed ${document.mrz.join(' / ')} read ${got}`);
      }
    }
  } finally {
    await reader.dispose();
  }
  const metrics: Record<string, number> = {};
  const all = Object.values(times).flat();
  metrics.ocr_images = all.length;
  metrics.ocr_exact_rate = rate(
    Object.values(exact).reduce((a, b) => a + b, 0),
    all.length,
  );
  metrics.ocr_median_ms = median(all);
  metrics.ocr_p95_ms = percentile(
    [...all].sort((a, b) => a - b),
    95,
  );
  metrics.ocr_wrong_but_valid = wrongButValid;
  for (const condition of OCR_CONDITIONS) {
    const samples = times[condition] ?? [];
    metrics[`ocr_exact_rate_${condition}`] = rate(exact[condition] ?? 0, samples.length);
    metrics[`ocr_median_ms_${condition}`] = median(samples);
  }
  return metrics;
}

const rate = (hits: number, total: number) => (total === 0 ? 0 : Math.round((hits / total) * 1000) / 1000);
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
