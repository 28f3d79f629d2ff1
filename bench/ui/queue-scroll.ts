import type { Browser } from '@playwright/test';
import { seededRandom } from '../../server/demo/random.ts';
import { percentile } from '../harness.ts';
import { FIRST_ROW } from './cold-start.ts';

const WHEEL_STEPS = 150;
const JUMPS = 30;
const KEY_STEPS = 100;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The longest main-thread task of the page's renderer in CPU time (thread time): unlike wall
 * time, it does not grow when other processes compete for the machine.
 */
function longestRendererTaskCpuMs(trace: Buffer): number {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  return events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`))
    .reduce((longest, e) => Math.max(longest, (e.tdur ?? 0) / 1000), 0);
}

interface Watch {
  longTasks: number[];
  longestFrame: number;
  last: number;
  running: boolean;
}

/**
 * Scrolls the queue the ways an operator does, on a cache of 100,000 tickets, while Chromium's
 * Long Tasks API (PerformanceObserver, `longtask`: main-thread tasks over 50 ms), a
 * requestAnimationFrame clock and a trace (CPU time per task) watch the main thread: wheel
 * scrolling, scrollbar jumps anywhere in the list (each timed until its rows are filled), and j
 * pressed row by row.
 */
export async function measureQueueScroll(browser: Browser, launchUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(launchUrl);
    await page.locator(FIRST_ROW).first().waitFor({ state: 'visible', timeout: 30_000 });
    // Scrolling starts once start-up is over (the counts per state answered after the rows, then a
    // whole idle period), so what is measured is the scroll, not the first screen being completed.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="state-all"] .queue-chip-count')?.textContent) > 0,
    );
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const idle = (deadline: IdleDeadline) =>
            deadline.timeRemaining() >= 49 ? resolve() : requestIdleCallback(idle);
          requestIdleCallback(idle);
        }),
    );
    await page.evaluate(() => {
      const watch: Watch = { longTasks: [], longestFrame: 0, last: performance.now(), running: true };
      (window as unknown as { benchWatch: Watch }).benchWatch = watch;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) watch.longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
      const tick = (at: number) => {
        watch.longestFrame = Math.max(watch.longestFrame, at - watch.last);
        watch.last = at;
        if (watch.running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });

    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'],
    });
    const grid = page.getByTestId('queue-grid');
    const box = (await grid.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let step = 0; step < WHEEL_STEPS; step += 1) {
      await page.mouse.wheel(0, 320);
      await page.waitForTimeout(16);
    }

    const random = seededRandom(7);
    const fills: number[] = [];
    for (let jump = 0; jump < JUMPS; jump += 1) {
      fills.push(
        await page.evaluate(async (fraction) => {
          const element = document.querySelector<HTMLElement>('[data-testid="queue-grid"]')!;
          const started = performance.now();
          element.scrollTop = fraction * (element.scrollHeight - element.clientHeight);
          // Filled: every row on screen drawn with its ticket (rows are 40 px, under a 36 px header).
          const filled = () => {
            const total = Number(element.getAttribute('aria-rowcount')) - 1;
            const first = Math.floor(element.scrollTop / 40);
            const last = Math.min(total - 1, Math.floor((element.scrollTop + element.clientHeight - 37) / 40));
            for (let index = first; index <= last; index += 1) {
              if (!element.querySelector(`#queue-row-${index}[data-ticket-id]:not([hidden])`)) return false;
            }
            return last >= first;
          };
          do await new Promise(requestAnimationFrame);
          while (!filled());
          return performance.now() - started;
        }, random()),
      );
    }

    await grid.focus();
    for (let step = 0; step < KEY_STEPS; step += 1) await page.keyboard.press('j');
    await page.waitForTimeout(500);

    const longestTaskCpuMs = longestRendererTaskCpuMs(await browser.stopTracing());
    const watch = await page.evaluate(() => {
      const watched = (window as unknown as { benchWatch: Watch }).benchWatch;
      watched.running = false;
      return watched;
    });
    fills.sort((a, b) => a - b);
    return {
      longestTaskMs: Math.max(0, ...watch.longTasks),
      longTasks: watch.longTasks.length,
      longestTaskCpuMs,
      longestFrameMs: watch.longestFrame,
      fillP95Ms: percentile(fills, 95),
    };
  } finally {
    await context.close();
  }
}
