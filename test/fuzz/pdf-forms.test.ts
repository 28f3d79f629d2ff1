/**
 * Mutated demo PDFs (filled, flattened and blank forms, a scanned ID) through readPdfForm,
 * bounded for `npm test` (`npm run bench -- fuzz` runs 10,000). test/integration/fuzz-pdf.test.ts
 * adds 1,000 hand-built hostile structures; this campaign is fast-check mutations of real files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { documentSeeds, fuzzPdfForms, type DocumentSeeds } from './document-fuzzer.ts';
import { reportFailures } from './harness.ts';

let seeds: DocumentSeeds;
beforeAll(async () => {
  seeds = await documentSeeds();
}, 30_000);

describe('PDF form fuzzing', () => {
  it('reads or refuses with a coded problem 300 mutated PDF forms and scans', async () => {
    const result = await fuzzPdfForms(seeds, { cases: 300, seed: 2025 });
    console.info(`pdf: ${result.cases} cases in ${result.seconds.toFixed(1)} s, ${JSON.stringify(result.outcomes)}`);
    expect(reportFailures(result)).toBe('');
    expect([result.crashes, result.hangs]).toEqual([0, 0]);
    // Some mutants still read as forms; the others are refused for what they are.
    expect(result.outcomes.READ).toBeGreaterThan(10);
    expect(result.outcomes.CORRUPT_FILE).toBeGreaterThan(50);
  }, 60_000);
});
