import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTable, runBenchmark } from '../../bench/harness.ts';
import { tempDir } from '../support/temp-dir.ts';

const results = tempDir('bench');
afterEach(() => results.remove());

describe('benchmark harness', () => {
  it('writes flat results with machine, date and commit, and tables them', async () => {
    const bench = { name: 'probe', description: 'test', run: async () => ({ p95_ms: 12.345, requests_per_s: 900 }) };
    const result = await runBenchmark(bench, results.dir, process.cwd());
    const stored = JSON.parse(readFileSync(path.join(results.dir, 'probe.json'), 'utf8'));
    expect(stored).toEqual(result);
    expect(stored).toMatchObject({ name: 'probe', p95_ms: 12.345, requests_per_s: 900 });
    expect(Object.values(stored).every((v) => typeof v !== 'object')).toBe(true);
    expect(stored.machine).toMatch(/GiB/);
    expect(new Date(stored.date).getTime()).not.toBeNaN();
    const table = renderTable(results.dir);
    expect(table).toContain('## probe');
    expect(table).toContain('| p95_ms | 12.35 |');
    expect(table).toContain('| requests_per_s | 900 |');
  });

  it('refuses a metric that is not a number', async () => {
    const bench = { name: 'broken', description: 'test', run: async () => ({ p95_ms: Number.NaN }) };
    await expect(runBenchmark(bench, results.dir, process.cwd())).rejects.toThrow(/not a finite number/);
  });
});
