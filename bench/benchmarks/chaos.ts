import { runChaos } from '../../test/chaos/run-chaos.ts';
import type { Benchmark } from '../harness.ts';

/** The chaos test's long form: more decisions, more kills; any violation fails the run. */
export const chaos: Benchmark = {
  name: 'chaos',
  description: 'five consoles, 1,000 planned decisions, 40 SIGKILLs, faults on every request kind',
  async run() {
    const started = performance.now();
    const report = await runChaos({ seed: Date.now() % 1_000_000, decisions: 1000, kills: 40, timeoutMs: 600_000 });
    if (report.violations.length) throw new Error(`chaos violations:\n${report.violations.slice(0, 20).join('\n')}`);
    return {
      planned: report.planned,
      recorded: report.recorded,
      acknowledged: report.acknowledged,
      refused: report.refused,
      kills: report.kills,
      faults: report.faults,
      violations: report.violations.length,
      duration_s: Math.round((performance.now() - started) / 100) / 10,
    };
  },
};
