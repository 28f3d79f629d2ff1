import type { Benchmark } from '../harness.ts';
import { apiLoad } from './api-load.ts';

/** Every benchmark `npm run bench` knows; each issue that sets a speed or memory goal adds one here. */
export const benchmarks: Benchmark[] = [apiLoad];
