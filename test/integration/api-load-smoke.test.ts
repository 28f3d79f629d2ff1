import { describe, expect, it } from 'vitest';
import { runApiLoad } from '../../bench/api-load/run-load.ts';

describe('api-load benchmark, bounded', () => {
  it('runs consoles against the server process with no errors and real decisions', async () => {
    const result = await runApiLoad({ consoles: 5, durationS: 2, tickets: 60 });
    expect(result.errors).toBe(0);
    expect(result.decisions).toBeGreaterThan(5);
    expect(result.requests).toBeGreaterThan(result.decisions);
  }, 60_000);
});
