import { chromium, type Browser } from '@playwright/test';
import { ensureBuilt } from '../../scripts/lib/ensure-build.ts';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import type { Benchmark } from '../harness.ts';
import { fillBigProfile } from '../ui/big-profile.ts';
import { measureColdStart } from '../ui/cold-start.ts';
import { measureQueueScroll } from '../ui/queue-scroll.ts';
import { buildSignedInHost, spawnSignedInHost, startBenchApi } from '../ui/signed-in.ts';
import { measureTicketOpen } from '../ui/ticket-open.ts';

/** What every part of the UI benchmark gets: one Chromium (Debian's) and a folder for its profiles. */
export interface UiBenchContext {
  browser: Browser;
  workDir: string;
}

/** One group of the UI benchmark's metrics; each part sets up (and removes) what it measures. */
export interface UiPart {
  name: string;
  run(context: UiBenchContext): Promise<Record<string, number>>;
}

const QUEUE_TICKETS = 100_000;
/** Per browser condition: the spread on this 2-core machine is wide, the median needs several. */
const COLD_START_RUNS = 9;
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Queue scroll and cold start, both on a web-host profile whose cache holds 100,000 tickets, an operator signed in. */
const queue: UiPart = {
  name: 'queue',
  async run({ browser, workDir }) {
    const profile = `${workDir}/queue-100k`;
    const filling = performance.now();
    fillBigProfile(profile, QUEUE_TICKETS);
    process.stdout.write(
      `  cache of ${QUEUE_TICKETS} tickets written in ${Math.round(performance.now() - filling)} ms\n`,
    );
    const api = await startBenchApi();
    try {
      const cold = await measureColdStart(browser, profile, api, COLD_START_RUNS);
      const host = await spawnSignedInHost(profile, api);
      try {
        const scroll = await measureQueueScroll(browser, host.launchUrl);
        return {
          queue_tickets: QUEUE_TICKETS,
          scroll_longest_task_ms: round(scroll.longestTaskMs),
          scroll_long_tasks: scroll.longTasks,
          scroll_longest_task_cpu_ms: round(scroll.longestTaskCpuMs),
          scroll_longest_frame_ms: round(scroll.longestFrameMs),
          scroll_jump_fill_p95_ms: round(scroll.fillP95Ms),
          cold_start_ms: Math.round(cold.returning.median),
          cold_start_max_ms: Math.round(cold.returning.max),
          cold_start_first_ever_ms: Math.round(cold.firstEver.median),
          cold_start_first_ever_max_ms: Math.round(cold.firstEver.max),
        };
      } finally {
        await host.stop();
      }
    } finally {
      await api.close();
    }
  },
};

/** The parts run in order, each adding its metrics; another view's measurements join as one more part. */
const ticketOpen: UiPart = { name: 'ticket open', run: (context) => measureTicketOpen(context) };

export const uiParts: UiPart[] = [queue, ticketOpen];

export const ui: Benchmark = {
  name: 'ui',
  description:
    'the console in Chromium: queue scroll and cold start over 100,000 cached tickets; ticket open vs pdftoppm',
  async run() {
    ensureBuilt();
    await buildSignedInHost();
    const dir = tempDir('ui-bench');
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const metrics: Record<string, number> = {};
      for (const part of uiParts) {
        process.stdout.write(`  ${part.name}…\n`);
        Object.assign(metrics, await part.run({ browser, workDir: dir.dir }));
      }
      return metrics;
    } finally {
      await browser.close();
      dir.remove();
    }
  },
};
