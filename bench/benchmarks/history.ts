import type { Benchmark } from '../harness.ts';
import { runHistoryBench } from '../history/run-history.ts';

export const history: Benchmark = {
  name: 'history',
  description:
    "Supervisor history over 1,000,000 decisions: the reference API's SQLite, a mix of filters, searches and next pages over HTTP (goal p95 ≤ 100 ms)",
  run: () => runHistoryBench({ decisions: 1_000_000, searches: 400 }),
};
