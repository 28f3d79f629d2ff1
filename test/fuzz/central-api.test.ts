/**
 * Requests against the reference central API over HTTP, bounded for `npm test` (`npm run bench
 * -- fuzz` runs 10,000): no 5xx, every refusal a problem+json that wrote nothing, no hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzCentralApi, startApiTarget, type ApiTarget } from './api-fuzzer.ts';
import { reportFailures } from './harness.ts';

let target: ApiTarget;
beforeAll(async () => {
  target = await startApiTarget();
}, 30_000);
afterAll(() => target?.close());

describe('central API fuzzing', () => {
  it('answers 1,000 mutated requests with problem+json refusals that write nothing, never a 5xx', async () => {
    const result = await fuzzCentralApi(target, { cases: 1_000, seed: 7 });
    console.info(`api: ${result.cases} cases in ${result.seconds.toFixed(1)} s, ${JSON.stringify(result.outcomes)}`);
    expect(reportFailures(result)).toBe('');
    expect([result.crashes, result.hangs]).toEqual([0, 0]);
    // Refused for many reasons, and some requests got through to the operations.
    for (const status of ['400', '401', '404', '405']) expect(result.outcomes[status], status).toBeGreaterThan(10);
    expect(Object.keys(result.outcomes).filter((status) => status < '300').length).toBeGreaterThan(1);
  }, 60_000);
});
