import type { Benchmark } from '../harness.ts';
import { apiLoad } from './api-load.ts';
import { chaos } from './chaos.ts';
import { checks } from './checks.ts';
import { history } from './history.ts';
import { cie } from './cie.ts';
import { fuzz } from './fuzz.ts';
import { sync } from './sync.ts';
import { ui } from './ui.ts';

/** Every benchmark `npm run bench` knows; each issue that sets a speed or memory goal adds one here. */
export const benchmarks: Benchmark[] = [apiLoad, sync, chaos, checks, ui, cie, history, fuzz];
