import { runFuzzCampaigns } from '../fuzz/campaigns.ts';
import type { Benchmark } from '../harness.ts';

/**
 * Fuzzing every boundary at length: contract payloads into the dispatcher, requests to the central
 * API over HTTP, APDU answers from a hostile card, mutated PDF forms and ID images (test/fuzz/
 * has the campaigns; `npm test` runs them bounded). Goal: 10,000 cases per boundary, 0 crashes
 * and 0 hangs. ACCREDITA_FUZZ_CASES runs fewer, to try the benchmark out.
 */
export const fuzz: Benchmark = {
  name: 'fuzz',
  description: 'Fuzzing: contract, central API, hostile card, PDF forms, ID images (10,000 cases each)',
  run: () => runFuzzCampaigns(Number(process.env.ACCREDITA_FUZZ_CASES ?? 10_000)),
};
