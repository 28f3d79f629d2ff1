import { measureOcr } from '../checks/ocr.ts';
import { measurePdfFields } from '../checks/pdf-fields.ts';
import type { Benchmark } from '../harness.ts';

/**
 * The checks engine: MRZ OCR accuracy and speed on 200 generated ID images in five conditions
 * (clean, noisy, rotated up to ±5°, JPEG-compressed, scanned PDF), and PDF form field extraction.
 * Goals: ≥ 98 % of documents with every MRZ field exact on clean and noisy images, ≤ 1.5 s median
 * per image on a 2-core machine.
 */
export const checks: Benchmark = {
  name: 'checks',
  description: 'MRZ OCR on 200 generated ID images (5 conditions); PDF form field extraction',
  async run() {
    const ocr = await measureOcr({ perCondition: 40 });
    const pdf = await measurePdfFields();
    return { ...ocr, ...pdf };
  },
};
