import { runApiLoad } from '../api-load/run-load.ts';
import type { Benchmark } from '../harness.ts';

export const apiLoad: Benchmark = {
  name: 'api-load',
  description: '50 simulated consoles (pull feed, claim, read, decide) against the reference API for 60 s on loopback',
  run: () => runApiLoad({ consoles: 50, durationS: 60, tickets: 1500 }),
};
