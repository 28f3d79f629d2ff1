/** `npm run bench [-- <name>]`: runs one benchmark or all, then rewrites bench/results/README.md. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarks } from './benchmarks/index.ts';
import { renderTable, runBenchmark } from './harness.ts';

const repoDir = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = path.join(repoDir, 'bench', 'results');
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !benchmarks.some((b) => b.name === name));
if (unknown.length > 0) {
  const known = benchmarks.map((b) => b.name).join(', ') || '(none yet)';
  process.stderr.write(`Unknown benchmark: ${unknown.join(', ')}. Available: ${known}\n`);
  process.exit(2);
}

for (const benchmark of benchmarks.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  process.stdout.write(`▶ ${benchmark.name}: ${benchmark.description}\n`);
  const result = await runBenchmark(benchmark, resultsDir, repoDir);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
writeFileSync(path.join(resultsDir, 'README.md'), renderTable(resultsDir));
process.stdout.write(`Results: ${path.relative(process.cwd(), path.join(resultsDir, 'README.md'))}\n`);
