/**
 * Mutated demo ID documents (PNG, JPEG, scanned PDF; sometimes declared as another type) through
 * the MRZ reader, bounded for `npm test` (`npm run bench -- fuzz` runs 10,000).
 * test/integration/fuzz-mrz-ocr.test.ts adds hand-built hostile files and MRZ strings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MrzReader } from '../../electron/services/documents/mrz/index.ts';
import { createFuzzMrzReader, documentSeeds, fuzzIdImages, type DocumentSeeds } from './document-fuzzer.ts';
import { reportFailures } from './harness.ts';

let seeds: DocumentSeeds;
let reader: MrzReader;
beforeAll(async () => {
  seeds = await documentSeeds();
  reader = createFuzzMrzReader();
}, 30_000);
afterAll(() => reader?.dispose());

describe('ID image fuzzing', () => {
  it('reads or refuses with a coded problem 40 mutated ID images', async () => {
    const result = await fuzzIdImages(seeds, reader, { cases: 40, seed: 9303 });
    console.info(`image: ${result.cases} cases in ${result.seconds.toFixed(1)} s, ${JSON.stringify(result.outcomes)}`);
    expect(reportFailures(result)).toBe('');
    expect([result.crashes, result.hangs]).toEqual([0, 0]);
    // Damage the readers survive still reads; the rest is refused with the reason.
    expect(result.outcomes.read).toBeGreaterThan(0);
    expect(result.outcomes.CORRUPT_FILE).toBeGreaterThan(5);
  }, 60_000);
});
