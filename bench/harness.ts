import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A benchmark measures Accredita and, where the issue names one, its peer in the same run. */
export interface Benchmark {
  name: string;
  description: string;
  /** Flat metrics: numbers in ms, s or per second, named with their unit (`p95_ms`, `requests_per_s`). */
  run(): Promise<Record<string, number>>;
}

export type BenchResult = Record<string, string | number>;

/** The p-th percentile of ascending samples (nearest rank); 0 when there are none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

function commit(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return `${os.cpus().length}× ${cpu}, ${memory} GiB, ${os.platform()} ${os.arch()}, Node ${process.version}`;
}

export async function runBenchmark(benchmark: Benchmark, resultsDir: string, repoDir: string): Promise<BenchResult> {
  const metrics = await benchmark.run();
  for (const [key, value] of Object.entries(metrics)) {
    if (!Number.isFinite(value)) throw new Error(`${benchmark.name}: metric ${key} is not a finite number`);
  }
  const result: BenchResult = {
    name: benchmark.name,
    ...metrics,
    machine: machine(),
    date: new Date().toISOString(),
    commit: commit(repoDir),
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${benchmark.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** The Markdown summary of every result file in the folder, one section per benchmark. */
export function renderTable(resultsDir: string): string {
  const files = readdirSync(resultsDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort();
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench`; each section comes from `<name>.json` beside this file.',
    '',
  ];
  if (files.length === 0) lines.push('No benchmark has been run yet.', '');
  for (const file of files) {
    const result = JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8')) as BenchResult;
    lines.push(
      `## ${String(result.name)}`,
      '',
      `${String(result.machine)} · ${String(result.date)} · commit ${String(result.commit)}`,
      '',
    );
    lines.push('| metric | value |', '| --- | ---: |');
    for (const [key, value] of Object.entries(result)) {
      if (typeof value === 'number') lines.push(`| ${key} | ${Number.isInteger(value) ? value : value.toFixed(2)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
