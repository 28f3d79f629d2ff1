/**
 * Every boundary's fuzzing campaign at full length, one after another, each on a fresh target
 * that is torn down before the next starts. The failures of a campaign (seed and case index, the
 * input, the stack) are printed, so a crash found here can be rebuilt in a test.
 */
import { fuzzCentralApi, startApiTarget } from '../../test/fuzz/api-fuzzer.ts';
import { fuzzCard, startCardTarget } from '../../test/fuzz/card-fuzzer.ts';
import { fuzzContract, startContractTarget } from '../../test/fuzz/contract-fuzzer.ts';
import { createFuzzMrzReader, documentSeeds, fuzzIdImages, fuzzPdfForms } from '../../test/fuzz/document-fuzzer.ts';
import { campaignMetrics, reportFailures, type CampaignResult } from '../../test/fuzz/harness.ts';

/** A fixed seed per boundary: a later run repeats the same cases on new code. */
const SEEDS = { contract: 1, api: 2, card: 3, pdf: 4, image: 5 } as const;

function report(result: CampaignResult): Record<string, number> {
  process.stdout.write(
    `  ${result.boundary}: ${result.cases} cases, ${result.crashes} crashes, ${result.hangs} hangs in ${result.seconds.toFixed(0)} s ${JSON.stringify(result.outcomes)}\n`,
  );
  if (result.failures.length > 0) process.stdout.write(`${reportFailures(result)}\n`);
  return campaignMetrics(result);
}

export async function runFuzzCampaigns(cases: number): Promise<Record<string, number>> {
  const metrics: Record<string, number> = {};

  const contract = await startContractTarget();
  try {
    Object.assign(metrics, report(await fuzzContract(contract, { cases, seed: SEEDS.contract })));
  } finally {
    await contract.close();
  }

  const api = await startApiTarget();
  try {
    Object.assign(metrics, report(await fuzzCentralApi(api, { cases, seed: SEEDS.api })));
  } finally {
    await api.close();
  }

  Object.assign(metrics, report(await fuzzCard(await startCardTarget(), { cases, seed: SEEDS.card })));

  const seeds = await documentSeeds();
  Object.assign(metrics, report(await fuzzPdfForms(seeds, { cases, seed: SEEDS.pdf })));
  const reader = createFuzzMrzReader();
  try {
    // A clean ID reads in about a second here; 3 s per file keeps 10,000 mutants to about an hour.
    Object.assign(metrics, report(await fuzzIdImages(seeds, reader, { cases, seed: SEEDS.image, timeoutMs: 3_000 })));
  } finally {
    await reader.dispose();
  }
  return metrics;
}
