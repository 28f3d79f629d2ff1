import { test as base, expect, type Page } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { tempDir } from '../support/temp-dir.ts';

/** Console errors and uncaught exceptions of a page; a clean page has none. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

export const test = base.extend<{ problems: string[] }, { host: HostProcess }>({
  host: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const profile = tempDir('e2e-profile');
      // The shell behind a signed-in operator (test/e2e/login.spec.ts covers the sign-in itself).
      const host = await startHostProcess(profile.dir, { path: 'test/e2e/queue-host.ts', args: ['--tickets', '0'] });
      await use(host);
      await host.stop();
      profile.remove();
    },
    { scope: 'worker' },
  ],
  problems: async ({ page }, use) => {
    const problems = collectProblems(page);
    await use(problems);
    expect(problems, 'the page logged errors or warnings').toEqual([]);
  },
});

export { expect };
