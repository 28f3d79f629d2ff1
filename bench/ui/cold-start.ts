import type { Browser } from '@playwright/test';
import { spawnSignedInHost, type BenchApi } from './signed-in.ts';

export const FIRST_ROW = '[data-testid="queue-grid"] [role="row"][data-ticket-id]';

/**
 * Cold start of the web host to an interactive queue: from spawning the host process (Node
 * starting, the services loading and opening the cache) to the first queue row visible in a fresh
 * Chromium page, `runs` times on the same profile, with an operator signed in against `api`. The
 * browser itself is already running, as on a workstation.
 */
export async function measureColdStart(browser: Browser, profileDir: string, api: BenchApi, runs = 5) {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const started = performance.now();
    const host = await spawnSignedInHost(profileDir, api);
    try {
      // Not waiting for the load event: the first row is what counts, whatever else is still loading.
      await page.goto(host.launchUrl, { waitUntil: 'commit' });
      await page.locator(FIRST_ROW).first().waitFor({ state: 'visible', timeout: 30_000 });
      samples.push(performance.now() - started);
    } finally {
      await context.close();
      await host.stop();
    }
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, max: samples.at(-1)!, samples };
}
