import type { Browser, BrowserContext } from '@playwright/test';
import { createServer, type AddressInfo } from 'node:net';
import { spawnSignedInHost, type BenchApi } from './signed-in.ts';

export const FIRST_ROW = '[data-testid="queue-grid"] [role="row"][data-ticket-id]';

/** Time the browser is given after opening its page and before the clock starts: setting up a tab is not the host's start. */
const SETTLE_MS = 500;

/** A TCP port free on loopback now, for a host that must come back on the same origin. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** From spawning the host process to the first queue row visible in a new page of `context`. */
async function startOnce(context: BrowserContext, profileDir: string, api: BenchApi, port: number): Promise<number> {
  const page = await context.newPage();
  try {
    await page.waitForTimeout(SETTLE_MS);
    const started = performance.now();
    const host = await spawnSignedInHost(profileDir, api, port);
    try {
      // Not waiting for the load event: the first row is what counts, whatever else is still loading.
      await page.goto(host.launchUrl, { waitUntil: 'commit' });
      await page.locator(FIRST_ROW).first().waitFor({ state: 'visible', timeout: 30_000 });
      return performance.now() - started;
    } finally {
      await host.stop();
    }
  } finally {
    await page.close();
  }
}

const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)!, samples: sorted };
};

/**
 * Cold start of the web host to an interactive queue: from spawning the host process (Node
 * starting, the services loading and opening the cache) to the first queue row visible, `runs`
 * times on the same profile, with an operator signed in against `api`. The browser is already
 * running and idle, as on a workstation, in two conditions:
 * - `returning`: the browser has shown the console before, as the app-mode window `npm run web`
 *   opens has (its own persistent browser profile, the same port, immutable hashed assets): the
 *   host starts cold, the browser's HTTP and code caches are warm. One unmeasured start first.
 * - `firstEver`: a fresh browser context each time, nothing cached.
 */
export async function measureColdStart(browser: Browser, profileDir: string, api: BenchApi, runs = 5) {
  const viewport = { width: 1280, height: 800 };
  const firstEver: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport });
    try {
      firstEver.push(await startOnce(context, profileDir, api, 0));
    } finally {
      await context.close();
    }
  }
  const returning: number[] = [];
  const context = await browser.newContext({ viewport });
  try {
    const port = await freePort();
    await startOnce(context, profileDir, api, port);
    for (let run = 0; run < runs; run += 1) returning.push(await startOnce(context, profileDir, api, port));
  } finally {
    await context.close();
  }
  return { returning: summary(returning), firstEver: summary(firstEver) };
}
