/**
 * Contract payloads into the dispatcher, bounded for `npm test` (`npm run bench -- fuzz` runs
 * 10,000): every refusal coded, nothing written by a refused call, no crash, no hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFailures } from './harness.ts';
import { fuzzContract, startContractTarget, type ContractTarget } from './contract-fuzzer.ts';

let target: ContractTarget;
beforeAll(async () => {
  target = await startContractTarget();
}, 30_000);
afterAll(() => target?.close());

describe('contract fuzzing', () => {
  it('answers 1,500 random and schema-mutated calls with coded envelopes and writes nothing when refusing', async () => {
    const result = await fuzzContract(target, { cases: 1_500, seed: 42 });
    console.info(
      `contract: ${result.cases} cases in ${result.seconds.toFixed(1)} s, ${JSON.stringify(result.outcomes)}`,
    );
    expect(reportFailures(result)).toBe('');
    expect([result.crashes, result.hangs]).toEqual([0, 0]);
    // The campaign reached every kind of answer: accepted calls, refusals, and handler errors.
    expect(result.outcomes.ok).toBeGreaterThan(20);
    expect(result.outcomes.BAD_REQUEST).toBeGreaterThan(500);
    expect(result.outcomes.FORBIDDEN).toBeGreaterThan(50);
    expect(result.outcomes.UNKNOWN_METHOD).toBeGreaterThan(20);
  }, 60_000);
});
